#include "procinfo.hpp"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <unordered_map>

namespace bench {
namespace {

bool read_file(const std::string& path, std::string& out) {
  std::ifstream f(path);
  if (!f) return false;
  std::stringstream ss;
  ss << f.rdbuf();
  out = ss.str();
  return true;
}

// Fields of /proc/PID/stat after the command name (which may hold spaces
// and parentheses: it ends at the last ')'). Field 3 (state) is index 0.
bool stat_fields(int pid, std::vector<std::string>& f) {
  std::string s;
  if (!read_file("/proc/" + std::to_string(pid) + "/stat", s)) return false;
  auto close = s.rfind(')');
  if (close == std::string::npos) return false;
  std::istringstream in(s.substr(close + 2));
  f.clear();
  std::string x;
  while (in >> x) f.push_back(x);
  return f.size() > 15;
}

std::uint64_t field_kib(const std::string& text, const char* key) {
  auto at = text.find(key);
  if (at == std::string::npos) return 0;
  return std::strtoull(text.c_str() + at + std::strlen(key), nullptr, 10);
}

}  // namespace

std::vector<int> process_tree(int root) {
  std::unordered_multimap<int, int> children;
  if (DIR* d = ::opendir("/proc")) {
    std::vector<std::string> f;
    while (dirent* e = ::readdir(d)) {
      if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
      int pid = std::atoi(e->d_name);
      if (!stat_fields(pid, f)) continue;
      children.emplace(std::atoi(f[1].c_str()), pid);
    }
    ::closedir(d);
  }
  std::vector<int> out{root};
  for (std::size_t i = 0; i < out.size() && out.size() < 1000000; ++i) {
    auto range = children.equal_range(out[i]);
    for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
  }
  return out;
}

tree_sample sample_tree(int root, bool with_pss) {
  tree_sample s;
  if (root <= 0) return s;
  const double tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
  std::vector<std::string> f;
  for (int pid : process_tree(root)) {
    if (!stat_fields(pid, f)) continue;
    ++s.processes;
    // utime, stime, cutime, cstime are fields 14..17 (indexes 11..14 here).
    double t = std::strtod(f[11].c_str(), nullptr) + std::strtod(f[12].c_str(), nullptr);
    if (pid == root) t += std::strtod(f[13].c_str(), nullptr) + std::strtod(f[14].c_str(), nullptr);
    s.cpu_seconds += t / tick;
    std::string text;
    if (read_file("/proc/" + std::to_string(pid) + "/status", text)) s.rss_kib += field_kib(text, "VmRSS:");
    if (with_pss && read_file("/proc/" + std::to_string(pid) + "/smaps_rollup", text))
      s.pss_kib += field_kib(text, "\nPss:");
  }
  return s;
}

double self_cpu_seconds() {
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

machine_cpu machine_cpu_now() {
  machine_cpu m;
  std::ifstream f("/proc/stat");
  std::string cpu;
  unsigned long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
  if (f >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal) {
    const double tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
    m.busy = static_cast<double>(user + nice + system + irq + softirq + steal) / tick;
    m.total = m.busy + static_cast<double>(idle + iowait) / tick;
  }
  return m;
}

unsigned cpu_count() {
  long n = ::sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? static_cast<unsigned>(n) : 1;
}

std::uint64_t mem_available_kib() {
  std::string text;
  if (!read_file("/proc/meminfo", text)) return 0;
  return field_kib(text, "MemAvailable:");
}

std::uint64_t self_rss_kib() {
  std::string text;
  if (!read_file("/proc/self/status", text)) return 0;
  return field_kib(text, "VmRSS:");
}

}  // namespace bench
