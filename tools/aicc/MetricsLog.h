//===- MetricsLog.h - aicc train --metrics / --plot -------------*- C++ -*-===//
//
// Collects a training run's per-step loss and per-epoch metrics, writes
// them as CSV (one row per step; the epoch's columns filled on its last
// step) and draws them with scripts/aicc-plot.py (matplotlib, through
// Debian's python3; docs/training.md says why).
//
//===----------------------------------------------------------------------===//

#ifndef AICC_TOOLS_AICC_METRICSLOG_H
#define AICC_TOOLS_AICC_METRICSLOG_H

#include "aicc/Trainer.h"

#include <string>
#include <vector>

namespace aicc::driver {

class MetricsLog {
public:
  /// Checks, before any training, that the files can be written and (for a
  /// plot) that python3 with matplotlib and the plot script are there;
  /// throws rt::Error naming the option otherwise. Empty paths: not wanted.
  MetricsLog(std::string csvPath, std::string plotPath);

  bool enabled() const { return !csvPath.empty() || !plotPath.empty(); }
  /// Records an epoch that fit() finished (`options` as fit() ran it).
  void addEpoch(const EpochStats &stats, const FitOptions &options,
                int64_t lastStep);
  /// Rewrites the CSV (atomically) with every epoch so far.
  void writeCsv() const;
  /// Draws the plot (atomically); throws rt::Error if the script fails.
  void writePlot() const;

private:
  std::string csv() const;
  std::string csvPath, plotPath, lossName;
  std::vector<std::string> metricNames;
  struct Row {
    int epoch;
    int64_t step;
    double loss, lr;
    bool epochEnd;
    double samplesPerSecond;
    std::vector<double> metrics;
  };
  std::vector<Row> rows;
};

/// The directory of output file `path` exists and is writable, and `path`
/// is not a directory; otherwise an rt::Error naming `option`.
void checkWritableOutput(const std::string &option, const std::string &path);

/// The plot script: $AICC_PLOT_SCRIPT, else share/aicc/aicc-plot.py beside
/// the aicc executable's bin/ (installed and build trees alike).
std::string plotScriptPath();

} // namespace aicc::driver

#endif // AICC_TOOLS_AICC_METRICSLOG_H
