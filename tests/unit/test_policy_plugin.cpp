// Loading policy plugins: the example plugin works, and every failure is a clear error.
#include <catch2/catch.hpp>

#include "test_policy_util.hpp"
#include "vgpusim/policy/plugin_loader.hpp"

using namespace vgpusim;
using namespace vgpusim::test;

#ifdef VGPUSIM_PLUGIN_DIR
namespace {
std::string plugin(const std::string& name) {
  return std::string(VGPUSIM_PLUGIN_DIR) + "/libvgpusim_" + name + ".so";
}
}  // namespace

TEST_CASE("Policy: plugins load, and each plugin error is clear") {
  PolicyRegistry reg("placement policy");
  reg.add(policy_registry().get("first-fit"));
  SECTION("the example plugin registers 'spread', which places on the emptiest server") {
    CHECK(load_policy_plugin(plugin("example_policy"), reg) == std::vector<std::string>{"spread"});
    ClusterState c;
    c.add_pool("p", shared_slicing(), synthetic_model("T4"), 3, 2, 8000, 65536);
    preload(c, 100, 0, 0, 1000, 300);
    preload(c, 101, 1, 2, 1000, 200);
    auto p = reg.get("spread").factory({});
    std::vector<const Request*> q;
    Placement pl = placed(p->place(milli_request(1, 1000, 500), ClusterView{c, q, 0}));
    CHECK(pl.server == 2);
    SECTION("loading it twice: duplicate name") {
      CHECK_THROWS_WITH(load_policy_plugin(plugin("example_policy"), reg),
                        Catch::Contains("policy 'spread' is already registered"));
    }
  }
  SECTION("file not found") {
    CHECK_THROWS_WITH(load_policy_plugin("/nonexistent/libx.so", reg),
                      "plugin '/nonexistent/libx.so': file not found");
  }
  SECTION("not a shared library: the loader's text") {
    CHECK_THROWS_WITH(load_policy_plugin(std::string(VGPUSIM_TEST_DATA) + "/openb/nodes.csv", reg),
                      Catch::Contains("cannot load:"));
  }
  SECTION("missing symbols are named") {
    CHECK_THROWS_WITH(load_policy_plugin(plugin("broken_no_symbols"), reg),
                      Catch::Contains("missing symbol 'vgpusim_plugin_abi_version'"));
    CHECK_THROWS_WITH(load_policy_plugin(plugin("broken_no_register"), reg),
                      Catch::Contains("missing symbol 'vgpusim_plugin_register'"));
  }
  SECTION("ABI mismatch names both versions") {
    CHECK_THROWS_WITH(load_policy_plugin(plugin("broken_wrong_abi"), reg),
                      Catch::Contains("plugin ABI version 999, this vgpusim expects 3"));
  }
  SECTION("a built-in name is a duplicate, and nothing is registered") {
    CHECK_THROWS_WITH(load_policy_plugin(plugin("broken_duplicate"), reg),
                      Catch::Contains("policy 'first-fit' is already registered"));
    CHECK(reg.names().size() == 1);
  }
}
#endif
