// LLM serving cost model: sizes, fit, KV capacity, roofline times, parameters, traces.
#include <catch2/catch.hpp>
#include <cmath>

#include "vgpusim/scenario/llm_trace.hpp"
#include "vgpusim/workload/llm_batcher.hpp"
#include "vgpusim/workload/llm_params.hpp"
#include "vgpusim/workload/serve_model.hpp"

#include "test_stage_params.hpp"

using namespace vgpusim;
using vgpusim::test::has_issue;

namespace {
constexpr double GiB = 1024.0 * 1024 * 1024;

StageParams llm_params(const std::string& model = "Llama-3.1-8B") {
  StageParams p;
  p.texts = {{"model.name", model}};
  p.numbers = {{"requests.rate", 10},
               {"requests.duration", 60},
               {"requests.prompt_tokens", 1000},
               {"requests.output_tokens", 100}};
  return p;
}
}  // namespace

TEST_CASE("Workload: LLM model sizes", "[workload][llm]") {
  const Catalog& cat = Catalog::builtin();
  const GpuModel* h100 = cat.find_gpu("H100-SXM5-80GB");
  REQUIRE(h100);
  LlmServing s = llm_serving_from_params(llm_params());
  const LlmCost cost(s, {h100, 80 * GiB, 1, 1});

  SECTION("weights bytes = params x bytes per weight") {
    CHECK(cost.weights_bytes() == Approx(8.03e9 * 2));
    s.weights = LlmPrecision::int4;
    CHECK(LlmCost(s, {h100, 80 * GiB, 1, 1}).weights_bytes() == Approx(8.03e9 * 0.5));
  }
  SECTION("KV bytes per token = 2 x layers x kv_heads x head_dim x bytes") {
    CHECK(cost.kv_bytes_per_token() == 2.0 * 32 * 8 * 128 * 2);  // 128 KiB
    s.kv = LlmPrecision::fp8;
    CHECK(LlmCost(s, {h100, 80 * GiB, 1, 1}).kv_bytes_per_token() == 2.0 * 32 * 8 * 128);
  }
  SECTION("KV capacity = framebuffer x 0.9 - weights - reserve, in 16-token blocks") {
    const double free = 80 * GiB * 0.9 - 8.03e9 * 2 - 1 * GiB;
    CHECK(cost.kv_capacity_blocks() ==
          static_cast<int64_t>(std::floor(free / (131072.0 * 16))));
  }
  SECTION("tensor parallel splits weights and KV per GPU") {
    s.tensor_parallel = 2;
    const LlmCost tp(s, {h100, 80 * GiB, 1, 1});
    const double free = 80 * GiB * 0.9 - 8.03e9 - 1 * GiB;
    CHECK(tp.kv_capacity_blocks() == static_cast<int64_t>(std::floor(free / (65536.0 * 16))));
  }
}

TEST_CASE("Workload: LLM fit check", "[workload][llm]") {
  const Catalog& cat = Catalog::builtin();
  const GpuModel* l40s = cat.find_gpu("L40S");
  const GpuModel* a100 = cat.find_gpu("A100-PCIe-80GB");
  REQUIRE(l40s);
  REQUIRE(a100);

  SECTION("an 8B fp16 model does not fit 10 GiB: the message carries the sizes") {
    StageParams p = llm_params();
    p.numbers["max_model_len"] = 8192;
    const auto issues = check_llm_slice(p, stage_slice(*a100, cat.find_vgpu("A100D-10C"), 0, 1));
    REQUIRE(has_issue(issues, "model"));
    const std::string msg = issues.front().message;
    CHECK_THAT(msg, Catch::Contains("A100D-10C"));
    CHECK_THAT(msg, Catch::Contains("weights 14.96 GiB"));
    CHECK_THAT(msg, Catch::Contains("10.00 GiB x gpu_memory_utilization 0.9 = 9.00 GiB"));
  }
  SECTION("the same model fits a 24 GiB half of an L40S at max_model_len 8192, not at 128k") {
    StageParams p = llm_params();
    p.numbers["max_model_len"] = 8192;
    const StageSlice half = stage_slice(*l40s, cat.find_vgpu("L40S-24C"), 0, 1);
    CHECK(check_llm_slice(p, half).empty());
    p.numbers.erase("max_model_len");
    CHECK(has_issue(check_llm_slice(p, half), "model"));
  }
  SECTION("fp8 weights need fp8 tensor cores") {
    StageParams p = llm_params();
    p.texts["precision"] = "fp8";
    CHECK(has_issue(check_llm_slice(p, stage_slice(*a100, nullptr, 0, 1)), "precision"));
    CHECK_FALSE(has_issue(check_llm_slice(p, stage_slice(*l40s, nullptr, 0, 1)), "precision"));
  }
  SECTION("tensor_parallel must divide the replica's GPUs") {
    StageParams p = llm_params();
    p.numbers["tensor_parallel"] = 2;
    CHECK(has_issue(check_llm_slice(p, stage_slice(*a100, nullptr, 0, 1)), "tensor_parallel"));
    CHECK_FALSE(
        has_issue(check_llm_slice(p, stage_slice(*a100, nullptr, 0, 2)), "tensor_parallel"));
  }
  SECTION("a MIG slice owns its compute and memory fractions") {
    const GpuModel* h100 = cat.find_gpu("H100-SXM5-80GB");
    const VgpuType* t = cat.find_vgpu("H100XM-3-40C");
    REQUIRE(t);
    const StageSlice s = stage_slice(*h100, t, 0, 1);
    CHECK(s.memory_fraction == 0.5);
    CHECK(s.compute_fraction == Approx(h100->mig_compute_fraction(*h100->find_mig_profile(
                                    t->mig_profile))));
    CHECK(s.framebuffer == 40 * GiB);
  }
}

TEST_CASE("Workload: LLM iteration times", "[workload][llm]") {
  const Catalog& cat = Catalog::builtin();
  const GpuModel* h100 = cat.find_gpu("H100-SXM5-80GB");
  REQUIRE(h100);
  const LlmServing s = llm_serving_from_params(llm_params());
  const LlmCost cost(s, {h100, 80 * GiB, 1, 1});

  SECTION("prefill of 1000 tokens is compute-bound: 2 x params x tokens / (peak x mfu)") {
    const double expect = 2 * 8.03e9 * 1000 / (989.5e12 * 0.5);
    CHECK(cost.iteration_time(1000, 1000) == Approx(expect));
  }
  SECTION("a decode step of one sequence is memory-bound: (weights + KV) / (bw x mbu)") {
    const double expect = (8.03e9 * 2 + 131072.0 * 1001) / (3350e9 * 0.8);
    CHECK(cost.iteration_time(1, 1001) == Approx(expect));
  }
  SECTION("a MIG 3g slice: compute at its SM fraction, memory at 4/8") {
    const LlmCost mig(s, {h100, 40 * GiB, 0.4, 0.5});
    CHECK(mig.compute_time(1000) == Approx(cost.compute_time(1000) / 0.4));
    CHECK(mig.memory_time(1001) == Approx(cost.memory_time(1001) * 2));
  }
  SECTION("tensor parallel: each GPU does 1/k, plus two ring all-reduces per layer") {
    LlmServing t = s;
    t.tensor_parallel = 2;
    const LlmCost tp(t, {h100, 80 * GiB, 1, 1});
    const double ar = 2.0 * 32 * 2.0 * 1 / 2 * (1000 * 4096 * 2.0) / h100->host_link_bandwidth;
    CHECK(tp.allreduce_time(1000) == Approx(ar));
    CHECK(tp.iteration_time(1000, 1000) == Approx(cost.compute_time(1000) / 2 + ar));
  }
}

TEST_CASE("Workload: LLM serve parameters", "[workload][llm]") {
  const Catalog& cat = Catalog::builtin();
  SECTION("a model serve stage needs no service_time; defaults are vLLM's") {
    CHECK(validate_serve_params(llm_params(), cat).empty());
    ServeModel m = ServeModel::from_params(llm_params());
    REQUIRE(m.llm);
    CHECK(m.llm->max_num_seqs == 256);
    CHECK(m.llm->max_batched_tokens == 2048);
    CHECK(m.llm->gpu_memory_utilization == 0.9);
    CHECK(m.llm->block_size == 16);
    CHECK(m.llm_requests.prompt_tokens == 1000);
  }
  SECTION("unknown model lists the built-in ones") {
    const auto issues = validate_serve_params(llm_params("Llama-9"), cat);
    REQUIRE(has_issue(issues, "model"));
    CHECK_THAT(issues.front().message, Catch::Contains("Llama-3.1-70B"));
  }
  SECTION("service_time and model together are refused; LLM keys without a model too") {
    StageParams p = llm_params();
    p.numbers["service_time"] = 0.02;
    CHECK(has_issue(validate_serve_params(p, cat), "service_time"));
    StageParams q;
    q.numbers = {{"requests.rate", 1}, {"requests.duration", 1}, {"service_time", 0.02},
                 {"requests.output_tokens", 10}};
    CHECK(has_issue(validate_serve_params(q, cat), "requests.output_tokens"));
  }
  SECTION("an inline model needs every figure") {
    StageParams p = llm_params("");
    p.texts.clear();
    p.numbers["model.params"] = 1e9;
    const auto issues = validate_serve_params(p, cat);
    CHECK(has_issue(issues, "model.layers"));
    CHECK(has_issue(issues, "model.head_dim"));
  }
  SECTION("a request longer than max_model_len is refused") {
    StageParams p = llm_params();
    p.numbers["max_model_len"] = 512;
    CHECK(has_issue(validate_serve_params(p, cat), "max_model_len"));
  }
  SECTION("token samplers: fixed, uniform mean, lognormal mean") {
    CHECK(sample_tokens(100, TokenDistribution::fixed, 0, 0.3, 0.4) == 100);
    CHECK(sample_tokens(100, TokenDistribution::uniform, 0, 0.0, 0) == 1);
    CHECK(sample_tokens(100, TokenDistribution::uniform, 0, 0.999999, 0) == 199);
    double sum = 0;
    const int n = 20000;
    for (int i = 0; i < n; ++i)
      sum += static_cast<double>(sample_tokens(200, TokenDistribution::lognormal, 0.5,
                                               (i + 0.5) / n, std::fmod(i * 0.618034, 1.0)));
    CHECK(sum / n == Approx(200).epsilon(0.02));
  }
}

TEST_CASE("Workload: LLM request traces", "[workload][llm]") {
  SECTION("the generic layout") {
    std::vector<std::string> errors;
    auto rows = parse_llm_trace("time_s,prompt_tokens,output_tokens\n2,10,5\n1,20,0\n", errors);
    REQUIRE(errors.empty());
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].time == 1);
    CHECK(rows[0].prompt == 20);
    CHECK(rows[0].output == 1);  // 0 generated tokens: the prefill still yields one
  }
  SECTION("the Azure layout: times relative to the first request") {
    std::vector<std::string> errors;
    auto rows = parse_llm_trace(
        "TIMESTAMP,ContextTokens,GeneratedTokens\n"
        "2023-11-16 18:15:46.6805900,374,44\n"
        "2023-11-16 18:15:50.9951690,396,109\n"
        "2023-11-17 00:00:00,10,10\n",
        errors);
    REQUIRE(errors.empty());
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].time == 0);
    CHECK(rows[1].time == Approx(4.314579).margin(1e-6));
    CHECK(rows[2].time == Approx(5 * 3600 + 44 * 60 + 13.31941).margin(1e-5));
    CHECK(rows[1].prompt == 396);
    CHECK(rows[1].output == 109);
  }
  SECTION("bad rows are located") {
    std::vector<std::string> errors;
    parse_llm_trace("time_s,prompt_tokens,output_tokens\nx,1,1\n1,0,1\n", errors);
    REQUIRE(errors.size() == 2);
    CHECK_THAT(errors[0], Catch::StartsWith("line 2: time_s 'x'"));
    CHECK_THAT(errors[1], Catch::StartsWith("line 3: prompt tokens '0'"));
    errors.clear();
    parse_llm_trace("a,b\n", errors);
    CHECK_THAT(errors.at(0), Catch::Contains("TIMESTAMP, ContextTokens and GeneratedTokens"));
  }
  SECTION("date-times") {
    CHECK(parse_datetime_seconds("1970-01-02 00:00:01") == 86401);
    CHECK(parse_datetime_seconds("2023-11-16T18:15:46.5") == Approx(1700158546.5));
    CHECK(parse_datetime_seconds("2023-13-16 18:15:46") < 0);
    CHECK(parse_datetime_seconds("yesterday") < 0);
  }
}

TEST_CASE("Workload: LLM continuous batching", "[workload][llm]") {
  const Catalog& cat = Catalog::builtin();
  const GpuModel* h100 = cat.find_gpu("H100-SXM5-80GB");
  REQUIRE(h100);
  LlmServing s = llm_serving_from_params(llm_params());
  std::deque<LlmSequence> queue;
  std::vector<LlmSequence> done;

  SECTION("one request: a prefill iteration, then its decodes merged into one step") {
    const LlmCost cost(s, {h100, 80 * GiB, 1, 1});
    LlmBatcher b(cost, &queue);
    queue.push_back({0.0, 1000, 100});
    REQUIRE(b.has_work());
    const LlmStep prefill = b.plan(1 << 20);  // a copy: the next plan() reuses the step
    CHECK(prefill.iterations() == 1);
    CHECK(prefill.time() == Approx(cost.iteration_time(1000, 1000)));
    b.finish(prefill.time(), done);
    CHECK(done.empty());
    const LlmStep& decode = b.plan(1 << 20);
    REQUIRE(decode.iterations() == 99);
    double expect = 0;
    for (int g = 1; g <= 99; ++g) expect += cost.iteration_time(1, 1000 + g);
    CHECK(decode.time() == Approx(expect));
    b.finish(prefill.time() + decode.time(), done);
    REQUIRE(done.size() == 1);
    CHECK(done[0].first_token == Approx(prefill.time()));
    CHECK(b.used_blocks() == 0);
  }
  SECTION("a prompt over the token budget is prefilled in chunks; decodes go first") {
    s.max_batched_tokens = 512;
    const LlmCost cost(s, {h100, 80 * GiB, 1, 1});
    LlmBatcher b(cost, &queue);
    queue.push_back({0.0, 1000, 10});
    CHECK(b.plan(100).first_tokens == 512);
    b.finish(1, done);
    CHECK(b.plan(100).first_tokens == 488);
    b.finish(2, done);
    queue.push_back({2.0, 600, 10});
    const LlmStep& mixed = b.plan(100);  // one decode token, then 511 of the new prompt
    CHECK(mixed.iterations() == 1);
    CHECK(mixed.first_tokens == 512);
  }
  SECTION("KV for two of three sequences: the third waits for a finish; no preemption") {
    const LlmCost cost(s, {h100, 80 * GiB, 1, 1});
    const int64_t per_seq = cost.kv_capacity_blocks() * 2 / 5;  // two fit, three do not
    const int64_t tokens = per_seq * s.block_size;
    LlmBatcher b(cost, &queue);
    for (int i = 0; i < 3; ++i) queue.push_back({0.0, 100, tokens - 100});
    b.plan(1 << 20);
    CHECK(b.running() == 2);
    CHECK(queue.size() == 1);
    b.finish(1, done);
    const LlmStep& decode = b.plan(1 << 20);
    CHECK(decode.iterations() == tokens - 101);  // merged: the third cannot join meanwhile
    b.finish(2, done);
    CHECK(done.size() == 2);
    CHECK(b.plan(1 << 20).iterations() == 1);  // the third's prefill
    CHECK(queue.empty());
  }
  SECTION("truncate keeps the iterations up to the one in progress") {
    const LlmCost cost(s, {h100, 80 * GiB, 1, 1});
    LlmBatcher b(cost, &queue);
    queue.push_back({0.0, 10, 50});
    b.plan(1 << 20);
    b.finish(1, done);
    const double first = b.plan(1 << 20).ends[0];
    b.truncate(3);
    CHECK(b.step().iterations() == 3);
    CHECK(b.step().ends[0] == first);
    b.finish(2, done);
    CHECK(b.plan(1 << 20).iterations() == 46);  // 50 - 1 - 3 decodes left
  }
  SECTION("a lost instance gives its sequences back, first in line and from scratch") {
    const LlmCost cost(s, {h100, 80 * GiB, 1, 1});
    LlmBatcher b(cost, &queue);
    queue.push_back({1.0, 100, 10});
    queue.push_back({2.0, 200, 10});
    b.finish(b.plan(1 << 20).time(), done);
    queue.push_back({3.0, 300, 10});
    std::deque<LlmSequence> back{{4.0, 400, 10}};
    b.evict(back);
    REQUIRE(back.size() == 3);
    CHECK(back[0].arrival == 1.0);
    CHECK(back[1].arrival == 2.0);
    CHECK(back[2].arrival == 4.0);
    CHECK(back[0].prefilled == 0);
    CHECK(back[0].first_token < 0);
    CHECK(b.used_blocks() == 0);
    CHECK(b.running() == 0);
    CHECK(queue.size() == 1);  // the shared queue is not its to change
  }
}
