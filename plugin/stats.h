// plugin/stats.h -- what the pass did to one function, by rule, for
// -fplugin-arg-racelens-stats (how much each skip rule saves).
#ifndef RACELENS_PLUGIN_STATS_H
#define RACELENS_PLUGIN_STATS_H

#include "llvm/Support/raw_ostream.h"

#include <string>

namespace racelens {

struct FuncStats {
  std::string name;
  bool ignored = false;
  // instrumented
  unsigned reads = 0, writes = 0, ranges = 0, atomics = 0, calls = 0;
  // skipped, by rule
  unsigned local = 0, constant = 0, string = 0, tls = 0, redundant = 0;
  // checked, but by a call shared with others: adjacent accesses merged
  // into one span call, memcpy sources checked by the destination's call
  unsigned merged = 0;

  unsigned instrumented() const {
    return reads + writes + ranges + atomics + calls;
  }
  unsigned skipped() const {
    return local + constant + string + tls + redundant;
  }
  void add(const FuncStats &o) {
    reads += o.reads, writes += o.writes, ranges += o.ranges;
    atomics += o.atomics, calls += o.calls;
    local += o.local, constant += o.constant, string += o.string;
    tls += o.tls, redundant += o.redundant, merged += o.merged;
  }
  void print(llvm::raw_ostream &os) const {
    os << "racelens: stats: " << name << ": ";
    if (ignored) {
      os << "ignored (ignore list)\n";
      return;
    }
    os << "instrumented " << instrumented() << " (reads " << reads
       << ", writes " << writes << ", ranges " << ranges << ", atomics "
       << atomics << ", calls " << calls << "), skipped " << skipped()
       << " (local " << local << ", const " << constant << ", string " << string
       << ", tls " << tls << ", redundant " << redundant << "), merged "
       << merged << "\n";
  }
};

} // namespace racelens

#endif
