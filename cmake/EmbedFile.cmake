# cmake -DIN=file -DOUT=file.cpp -DSYM=name -P EmbedFile.cmake
file(READ ${IN} _content HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," _bytes "${_content}")
file(WRITE ${OUT} "// Generated from ${IN}; do not edit.\n#include <string_view>\nnamespace vgpusim::embedded {\nstatic const char data_[] = {${_bytes} 0};\nstd::string_view ${SYM}() { return {data_, sizeof(data_) - 1}; }\n}\n")
