# Turns each data file listed in VGPUSIM_DATA_FILES into a C++ source that defines
#   std::string_view vgpusim::embedded::<symbol>()
# so that the program carries its catalog and needs no install path at run time.
set(VGPUSIM_DATA_FILES
  catalog_gpus data/catalog/gpus.csv
  catalog_vgpu_types data/catalog/vgpu_types.csv
  catalog_mig_profiles data/catalog/mig_profiles.csv
)
set(VGPUSIM_EMBEDDED_SOURCES "")
list(LENGTH VGPUSIM_DATA_FILES _n)
math(EXPR _last "${_n} - 1")
foreach(_i RANGE 0 ${_last} 2)
  math(EXPR _j "${_i} + 1")
  list(GET VGPUSIM_DATA_FILES ${_i} _sym)
  list(GET VGPUSIM_DATA_FILES ${_j} _file)
  set(_in ${PROJECT_SOURCE_DIR}/${_file})
  set(_out ${PROJECT_BINARY_DIR}/embedded/${_sym}.cpp)
  add_custom_command(
    OUTPUT ${_out}
    COMMAND ${CMAKE_COMMAND} -DIN=${_in} -DOUT=${_out} -DSYM=${_sym} -P ${PROJECT_SOURCE_DIR}/cmake/EmbedFile.cmake
    DEPENDS ${_in} ${PROJECT_SOURCE_DIR}/cmake/EmbedFile.cmake
    COMMENT "Embedding ${_file}")
  list(APPEND VGPUSIM_EMBEDDED_SOURCES ${_out})
endforeach()
