#include <catch2/catch.hpp>

#include <string>

#include "vgpusim/util/simgrid_settings.hpp"

using namespace vgpusim;

namespace {

// The shape of SimGrid's --cfg-help text: a setting at an indent of 3, its type below it.
const char* kHelp = R"(Description of the configuration accepted by this simulator:
   contexts/factory: Possible values: raw, ucontext, boost, thread
       Type: string; Current value: raw
   contexts/stack-size: Stack size of contexts in KiB (not with threads)
       Type: int; Current value: 8192
   network/TCP-gamma: Size of the biggest TCP window
       Type: double; Current value: 4.1943e+06
   network/crosstraffic: Activate the interferences between uploads and downloads
       Type: boolean; Current value: 1
   network/model: The model to use for the network. Possible values: LV08, Constant, CM02, ns-3.
       (use 'help' as a value to see the long description of each model)
       Type: string; Current value: LV08
   network/solver: Set linear equations solver used by network model
       Type: string; Current value: maxmin
   surf/precision: Numerical precision used when updating simulation times (in seconds)
       Type: double; Current value: 1e-05

You can also use --help-models to see the details of all models known by this simulator.
)";

std::string one(const std::vector<std::string>& problems) {
  REQUIRE(problems.size() == 1);
  return problems[0];
}

}  // namespace

TEST_CASE("SimGridSettings: --sg-cfg and --sg-log checked against what SimGrid declares",
          "[simgrid]") {
  const std::vector<SimGridSetting> settings = parse_simgrid_settings(kHelp);
  SECTION("the help text gives every setting's name, type and model choices") {
    REQUIRE(settings.size() == 7);
    CHECK(settings[0].name == "contexts/factory");
    CHECK(settings[0].choices == std::vector<std::string>{"raw", "ucontext", "boost", "thread"});
    CHECK(settings[1].type == "int");
    CHECK(settings[4].name == "network/model");
    CHECK(settings[4].type == "string");
    CHECK(settings[4].choices == std::vector<std::string>{"LV08", "Constant", "CM02", "ns-3"});
    CHECK(settings[5].choices.empty());
  }
  SECTION("valid settings, several in one value, and a model key's help") {
    CHECK(check_sg_cfg("network/model:CM02", settings).empty());
    CHECK(check_sg_cfg("network/model:CM02 contexts/factory:thread network/TCP-gamma:1e20",
                       settings)
              .empty());
    CHECK(check_sg_cfg("network/crosstraffic:no contexts/stack-size:128", settings).empty());
    CHECK(check_sg_cfg("network/model:help", settings).empty());
    CHECK(is_sg_help("help"));
    CHECK(is_sg_help("network/model:help"));
    CHECK_FALSE(is_sg_help("network/model:CM02"));
  }
  SECTION("unknown keys, models and factories, with a did-you-mean") {
    CHECK(one(check_sg_cfg("network/modle:CM02", settings)) ==
          "unknown SimGrid setting 'network/modle'; did you mean 'network/model'? (--sg-cfg help "
          "lists them)");
    CHECK(one(check_sg_cfg("network/model:CM03", settings)) ==
          "unknown value 'CM03' for network/model; did you mean 'CM02'? (one of LV08, Constant, "
          "CM02, ns-3)");
    CHECK_THAT(one(check_sg_cfg("contexts/factory:nope", settings)),
               Catch::StartsWith("unknown value 'nope' for contexts/factory"));
    CHECK_THAT(one(check_sg_cfg("garbage", settings)), Catch::StartsWith("'garbage' is not key:value"));
    CHECK_THAT(one(check_sg_cfg("", settings)), Catch::StartsWith("empty"));
    CHECK(check_sg_cfg("garbage network/modle:x", settings).size() == 2);
  }
  SECTION("bad numbers and values that crash, abort or hang a run") {
    CHECK_THAT(one(check_sg_cfg("contexts/stack-size:1", settings)),
               Catch::Contains("must be at least 64 KiB"));
    CHECK_THAT(one(check_sg_cfg("contexts/stack-size:abc", settings)),
               Catch::Contains("is not a whole number"));
    CHECK_THAT(one(check_sg_cfg("contexts/stack-size:99999999999", settings)),
               Catch::Contains("is not a whole number"));
    CHECK_THAT(one(check_sg_cfg("network/TCP-gamma:abc", settings)),
               Catch::Contains("is not a finite number"));
    CHECK_THAT(one(check_sg_cfg("network/TCP-gamma:inf", settings)),
               Catch::Contains("is not a finite number"));
    CHECK_THAT(one(check_sg_cfg("network/crosstraffic:maybe", settings)),
               Catch::Contains("is not a boolean"));
    CHECK_THAT(one(check_sg_cfg("surf/precision:0", settings)), Catch::Contains("more than 0"));
    CHECK_THAT(one(check_sg_cfg("network/model:Constant", settings)),
               Catch::Contains("cannot run here"));
    CHECK_THAT(one(check_sg_cfg("network/solver:nope", settings)),
               Catch::Contains("(one of maxmin, fairbottleneck, bmf)"));
  }
  SECTION("log settings: form, setting, level (any case), appender") {
    CHECK(check_sg_log("root.thres:debug").empty());
    CHECK(check_sg_log("root.thres:Debug vgpusim.threshold:critical").empty());
    CHECK(check_sg_log("root.fmt:%m%n root.app:stderr root.add:no").empty());
    CHECK(one(check_sg_log("root.thres:warn")) ==
          "unknown log level 'warn'; did you mean 'warning'? (one of trace, debug, verbose, info, "
          "warning, error, critical)");
    CHECK_THAT(one(check_sg_log("root:debug")), Catch::Contains("is not CATEGORY.SETTING:VALUE"));
    CHECK_THAT(one(check_sg_log("garbage")), Catch::Contains("is not CATEGORY.SETTING:VALUE"));
    CHECK_THAT(one(check_sg_log("root.format:%m")), Catch::Contains("did you mean 'fmt'?"));
    CHECK_THAT(one(check_sg_log("root.app:weird")), Catch::Contains("unknown log appender"));
    CHECK_THAT(one(check_sg_log("root.app:file:/no/such/dir/x.log")),
               Catch::Contains("no such folder '/no/such/dir'"));
  }
}
