// The generic CSV trace of arrival times (workflow arrivals and serve request traces).
#include <catch2/catch.hpp>

#include "vgpusim/scenario/arrivals.hpp"

using namespace vgpusim;

TEST_CASE("TimeTrace: behaviour", "[scenario]") {
  std::vector<std::string> errors;
  SECTION("times are read and sorted; comments, blank lines, extra columns ignored") {
    auto t = parse_time_trace("# arrivals\nid,time_s,note\n1,2.5,x\n\n2,0.5,\"a, b\"\n3,1e1,y\n",
                              "", errors);
    CHECK(errors.empty());
    CHECK(t == std::vector<double>{0.5, 2.5, 10});
  }
  SECTION("a workflow column filters rows") {
    auto t =
        parse_time_trace("workflow,time_s\nfinetune,1\nserve,2\nfinetune,3\n", "finetune", errors);
    CHECK(errors.empty());
    CHECK(t == std::vector<double>{1, 3});
    CHECK(parse_time_trace("workflow,time_s\nfinetune,1\nserve,2\n", "", errors).size() == 2);
  }
  SECTION("CRLF line ends are accepted") {
    auto t = parse_time_trace("time_s\r\n1\r\n2\r\n", "", errors);
    CHECK(errors.empty());
    CHECK(t.size() == 2);
  }
  SECTION("a header without time_s is an error") {
    parse_time_trace("time,workflow\n1,a\n", "", errors);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].find("line 1") != std::string::npos);
    CHECK(errors[0].find("time_s") != std::string::npos);
  }
  SECTION("bad values are reported with their line, all of them") {
    parse_time_trace("time_s,w\n1,a\n-2,a\nabc,a\n3s,a\n,a\n", "", errors);
    REQUIRE(errors.size() == 4);
    CHECK(errors[0].find("line 3: time_s '-2'") != std::string::npos);
    CHECK(errors[1].find("line 4") != std::string::npos);
    CHECK(errors[2].find("line 5: time_s '3s'") != std::string::npos);
  }
  SECTION("short rows are reported") {
    parse_time_trace("a,time_s\n1\n", "", errors);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].find("line 2") != std::string::npos);
  }
  SECTION("an empty file and a missing file are errors") {
    parse_time_trace("# nothing\n", "", errors);
    CHECK(errors.size() == 1);
    read_time_trace("/nonexistent/trace.csv", "", errors);
    REQUIRE(errors.size() == 2);
    CHECK(errors[1].find("cannot read '/nonexistent/trace.csv'") != std::string::npos);
  }
}
