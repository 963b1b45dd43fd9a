// Parsing of the openb CSV files and the cluster / request mapping. The stream, workload
// and curve builders are in openb_experiment.cpp.
#include "vgpusim/trace/alibaba_openb.hpp"

#include <charconv>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

namespace vgpusim {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string::npos ? std::string::npos : p - start));
    if (p == std::string::npos) return out;
    start = p + 1;
  }
}

// A CSV reader that knows where it is, for "FILE:LINE: message" errors.
class Csv {
 public:
  Csv(std::istream& in, std::string source, const std::vector<std::string>& required)
      : in_(in), source_(std::move(source)) {
    std::string header;
    if (!next_line(header)) fail("empty file; expected a header with columns " + join(required));
    const auto cols = split(header, ',');
    for (size_t i = 0; i < cols.size(); ++i) index_[cols[i]] = i;
    ncols_ = cols.size();
    for (const auto& r : required)
      if (!index_.count(r)) fail("missing column '" + r + "'; expected " + join(required));
  }
  bool next() {
    std::string l;
    do {
      if (!next_line(l)) return false;
    } while (l.empty());
    fields_ = split(l, ',');
    if (fields_.size() != ncols_)
      fail("expected " + std::to_string(ncols_) + " fields, got " + std::to_string(fields_.size()));
    return true;
  }
  const std::string& str(const std::string& col) const { return fields_[index_.at(col)]; }
  int64_t integer(const std::string& col, int64_t lo, int64_t hi) const {
    const std::string& v = str(col);
    int64_t x = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
    if (v.empty() || ec != std::errc() || p != v.data() + v.size())
      fail("column '" + col + "': expected an integer, got '" + v + "'");
    if (x < lo || x > hi)
      fail("column '" + col + "': " + v + " is out of range [" + std::to_string(lo) + ", " +
           std::to_string(hi) + "]");
    return x;
  }
  [[noreturn]] void fail(const std::string& msg) const {
    throw TraceError(source_ + ":" + std::to_string(line_) + ": " + msg);
  }
  int line() const { return line_; }

 private:
  bool next_line(std::string& l) {
    if (!std::getline(in_, l)) return false;
    ++line_;
    if (!l.empty() && l.back() == '\r') l.pop_back();
    return true;
  }
  static std::string join(const std::vector<std::string>& v) {
    std::string r;
    for (const auto& s : v) r += (r.empty() ? "" : ",") + s;
    return r;
  }
  std::istream& in_;
  std::string source_;
  std::map<std::string, size_t> index_;
  size_t ncols_ = 0;
  std::vector<std::string> fields_;
  int line_ = 0;
};

constexpr int64_t kBig = int64_t{1} << 50;

}  // namespace

std::vector<OpenbNode> parse_openb_nodes(std::istream& in, const std::string& source) {
  Csv csv(in, source, {"sn", "cpu_milli", "memory_mib", "gpu", "model"});
  std::vector<OpenbNode> out;
  while (csv.next()) {
    OpenbNode n;
    n.sn = csv.str("sn");
    n.cpu_milli = csv.integer("cpu_milli", 0, kBig);
    n.memory_mib = csv.integer("memory_mib", 0, kBig);
    n.gpu = static_cast<int>(csv.integer("gpu", 0, 1024));
    n.model = csv.str("model");
    n.line = csv.line();
    if (n.gpu > 0 && n.model.empty()) csv.fail("column 'model': empty for a node with GPUs");
    out.push_back(std::move(n));
  }
  return out;
}

std::vector<OpenbPod> parse_openb_pods(std::istream& in, const std::string& source) {
  Csv csv(in, source,
          {"name", "cpu_milli", "memory_mib", "num_gpu", "gpu_milli", "gpu_spec", "qos",
           "pod_phase", "creation_time", "deletion_time", "scheduled_time"});
  std::vector<OpenbPod> out;
  while (csv.next()) {
    OpenbPod p;
    p.name = csv.str("name");
    p.cpu_milli = csv.integer("cpu_milli", 0, kBig);
    p.memory_mib = csv.integer("memory_mib", 0, kBig);
    p.num_gpu = static_cast<int>(csv.integer("num_gpu", 0, 1024));
    p.gpu_milli = static_cast<int>(csv.integer("gpu_milli", 0, 1000));
    if (!csv.str("gpu_spec").empty()) p.gpu_spec = split(csv.str("gpu_spec"), '|');
    p.qos = csv.str("qos");
    p.pod_phase = csv.str("pod_phase");
    // Times are empty for pods never scheduled or still running: -1 (unused by packing).
    auto time = [&](const char* col) {
      return csv.str(col).empty() ? int64_t{-1} : csv.integer(col, -kBig, kBig);
    };
    p.creation_time = time("creation_time");
    p.deletion_time = time("deletion_time");
    p.scheduled_time = time("scheduled_time");
    p.line = csv.line();
    if (p.num_gpu == 0 && p.gpu_milli != 0)
      csv.fail("gpu_milli " + std::to_string(p.gpu_milli) + " with num_gpu 0");
    if (p.num_gpu > 0 && p.gpu_milli == 0)
      csv.fail("num_gpu " + std::to_string(p.num_gpu) + " with gpu_milli 0");
    if (p.num_gpu > 1 && p.gpu_milli != 1000)
      csv.fail("num_gpu " + std::to_string(p.num_gpu) + " with gpu_milli " +
               std::to_string(p.gpu_milli) + ": a multi-GPU task takes whole GPUs (1000)");
    out.push_back(std::move(p));
  }
  return out;
}

namespace {
std::ifstream open_or_throw(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw TraceError(path + ": cannot open the trace file");
  return f;
}
}  // namespace

std::vector<OpenbNode> read_openb_nodes(const std::string& path) {
  auto f = open_or_throw(path);
  return parse_openb_nodes(f, path);
}

std::vector<OpenbPod> read_openb_pods(const std::string& path) {
  auto f = open_or_throw(path);
  return parse_openb_pods(f, path);
}

int64_t openb_capacity_milli(const std::vector<OpenbNode>& nodes) {
  int64_t sum = 0;
  for (const auto& n : nodes) sum += int64_t{n.gpu} * 1000;
  return sum;
}

Request openb_request(const OpenbPod& pod, int64_t id, double submit_time) {
  Request r;
  r.id = id;
  r.label = pod.name;
  r.cpu_milli = pod.cpu_milli;
  r.memory_mib = pod.memory_mib;
  r.submit_time = submit_time;
  // The packing experiment's tasks never leave (docs/alibaba-experiment.md).
  r.estimated_runtime_s = std::numeric_limits<double>::infinity();
  if (pod.num_gpu > 0) {
    r.gpu.kind = GpuDemand::Kind::milli;
    r.gpu.count = pod.num_gpu;
    r.gpu.milli = pod.gpu_milli;
    r.gpu.gpu_models = pod.gpu_spec;
  }
  return r;
}

std::unique_ptr<OpenbCluster> build_openb_cluster(const std::vector<OpenbNode>& nodes) {
  auto out = std::make_unique<OpenbCluster>();
  std::map<std::string, const GpuModel*> models;
  PoolSlicing slicing;
  slicing.mode = SliceMode::shared;
  for (size_t i = 0; i < nodes.size();) {
    size_t j = i + 1;
    const OpenbNode& n = nodes[i];
    while (j < nodes.size() && nodes[j].cpu_milli == n.cpu_milli &&
           nodes[j].memory_mib == n.memory_mib && nodes[j].gpu == n.gpu &&
           nodes[j].model == n.model)
      ++j;
    auto& m = models[n.model];
    if (!m) {
      GpuModel g;
      g.name = n.model;
      g.vgpu_prefix = n.model;
      out->models.push_back(std::move(g));
      m = &out->models.back();
    }
    const std::string name = n.model + "." + std::to_string(out->state.pools().size());
    out->state.add_pool(name, slicing, m, static_cast<int>(j - i), n.gpu, n.cpu_milli,
                        n.memory_mib);
    i = j;
  }
  return out;
}

}  // namespace vgpusim
