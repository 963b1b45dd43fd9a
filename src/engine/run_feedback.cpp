#include "run_feedback.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <simgrid/s4u/Engine.hpp>

#include "vgpusim/util/units.hpp"

namespace vgpusim::engine {
namespace {

class SimClockFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    double t = simgrid::s4u::Engine::get_clock();
    long s = static_cast<long>(t);
    std::string text = fmt::format("{:>4}h {:02}m {:06.3f}s", s / 3600, (s % 3600) / 60,
                                   t - static_cast<double>(s - s % 60));
    dest.append(text.data(), text.data() + text.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<SimClockFlag>();
  }
};

bool progress_shown = false;

}  // namespace

void stamp_logs_with_simulated_clock() {
  auto f = std::make_unique<spdlog::pattern_formatter>();
  f->add_flag<SimClockFlag>('*').set_pattern("[%*] %^%l%$ %v");
  spdlog::set_formatter(std::move(f));
}

void show_progress(std::function<long()> jobs_done, long jobs_total, double horizon) {
  using clock = std::chrono::steady_clock;
  auto start = clock::now();
  auto last = start;
  simgrid::s4u::Engine::on_time_advance_cb([=](double) mutable {
    auto now = clock::now();
    if (now - last < std::chrono::milliseconds(500)) return;
    last = now;
    double t = simgrid::s4u::Engine::get_clock();
    long done = jobs_done();
    double frac = horizon > 0      ? t / horizon
                  : jobs_total > 0 ? static_cast<double>(done) / jobs_total
                                   : 0;
    double wall = std::chrono::duration<double>(now - start).count();
    std::string eta = frac > 0.01 ? format_duration(wall / frac - wall) : "?";
    std::fprintf(stderr, "\r\033[Ksimulated %s | jobs %ld/%ld done | ETA %s",
                 format_duration(t).c_str(), done, jobs_total, eta.c_str());
    std::fflush(stderr);
    progress_shown = true;
  });
}

void end_progress() {
  if (progress_shown) std::fprintf(stderr, "\r\033[K");
}

}  // namespace vgpusim::engine
