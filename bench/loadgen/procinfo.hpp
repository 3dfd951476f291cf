#pragma once
// What the load generator reads from /proc about the server under test, the
// machine and itself. Linux only; every function answers 0 / empty when a
// file cannot be read (a process that just exited) instead of failing.
#include <cstdint>
#include <vector>

namespace bench {

// `root` and all its descendants (Dovecot: the master and every login,
// imap, auth, ... process under it; Cairn: the one process).
std::vector<int> process_tree(int root);

struct tree_sample {
  double cpu_seconds = 0;   // user+system of every live process in the tree, plus
                            // the root's reaped children (cutime+cstime)
  std::uint64_t pss_kib = 0;  // sum of Pss in /proc/PID/smaps_rollup (only if asked)
  std::uint64_t rss_kib = 0;  // sum of VmRSS, for comparison
  unsigned processes = 0;
};
tree_sample sample_tree(int root, bool with_pss);

// This process's user+system CPU seconds (getrusage).
double self_cpu_seconds();

// Whole-machine CPU time from /proc/stat, in seconds summed over all CPUs.
struct machine_cpu {
  double busy = 0;   // user+nice+system+irq+softirq+steal
  double total = 0;  // busy + idle + iowait
};
machine_cpu machine_cpu_now();
unsigned cpu_count();

// MemAvailable from /proc/meminfo.
std::uint64_t mem_available_kib();
// This process's VmRSS.
std::uint64_t self_rss_kib();

}  // namespace bench
