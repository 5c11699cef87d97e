//===- MetricsLog.cpp - aicc train --metrics / --plot ---------------------===//

#include "MetricsLog.h"

#include "aicc/runtime/AtomicFile.h"
#include "aicc/runtime/Error.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace aicc::driver {

void checkWritableOutput(const std::string &option, const std::string &path) {
  llvm::SmallString<256> dir(path);
  llvm::sys::path::remove_filename(dir);
  if (dir.empty())
    dir = ".";
  if (!llvm::sys::fs::is_directory(dir))
    throw rt::Error(fmt::format("{} {}: the directory '{}' does not exist",
                                option, path, dir.str()));
  if (::access(dir.c_str(), W_OK) != 0)
    throw rt::Error(fmt::format("{} {}: the directory '{}' is not writable",
                                option, path, dir.str()));
  if (llvm::sys::fs::is_directory(path))
    throw rt::Error(fmt::format("{} {}: is a directory", option, path));
}

namespace {
std::string python() {
  if (llvm::sys::fs::can_execute("/usr/bin/python3"))
    return "/usr/bin/python3";
  if (auto found = llvm::sys::findProgramByName("python3"))
    return *found;
  return "";
}

/// Runs python3 with `args`; returns its exit code (-1 if it did not run).
int runPython(const std::vector<std::string> &args, std::string *error) {
  std::string exe = python();
  if (exe.empty()) {
    *error = "python3 is not installed";
    return -1;
  }
  std::vector<llvm::StringRef> argv = {exe};
  for (const std::string &a : args)
    argv.push_back(a);
  return llvm::sys::ExecuteAndWait(exe, argv, std::nullopt, {}, 0, 0, error);
}

/// A number as the CSV holds it ("" for NaN: not measured).
std::string cell(double v) {
  return std::isfinite(v) ? fmt::format("{:.6g}", v) : std::string();
}
} // namespace

std::string plotScriptPath() {
  if (const char *env = std::getenv("AICC_PLOT_SCRIPT"))
    return env;
  static int anchor;
  llvm::SmallString<256> path(
      llvm::sys::fs::getMainExecutable(nullptr, &anchor));
  llvm::sys::path::remove_filename(path); // bin/aicc -> bin
  llvm::sys::path::remove_filename(path); // bin -> prefix
  llvm::sys::path::append(path, "share", "aicc", "aicc-plot.py");
  return std::string(path);
}

MetricsLog::MetricsLog(std::string csv, std::string plot)
    : csvPath(std::move(csv)), plotPath(std::move(plot)) {
  if (!csvPath.empty())
    checkWritableOutput("--metrics", csvPath);
  if (plotPath.empty())
    return;
  llvm::StringRef ext = llvm::sys::path::extension(plotPath);
  if (ext != ".png" && ext != ".svg")
    throw rt::Error(fmt::format("--plot {}: the file must end in .png or "
                                ".svg",
                                plotPath));
  checkWritableOutput("--plot", plotPath);
  std::string script = plotScriptPath();
  if (!llvm::sys::fs::exists(script))
    throw rt::Error(fmt::format("--plot: the plot script {} is missing "
                                "(set AICC_PLOT_SCRIPT to its path)",
                                script));
  std::string error;
  if (runPython({"-c", "import matplotlib"}, &error) != 0)
    throw rt::Error(fmt::format(
        "--plot needs python3 with matplotlib (Debian: apt-get install "
        "python3-matplotlib){}",
        error.empty() ? "" : ": " + error));
}

void MetricsLog::addEpoch(const EpochStats &stats, const FitOptions &options,
                          int64_t lastStep) {
  lossName = options.lossName;
  if (metricNames.empty())
    for (auto &[name, value] : stats.testMetrics)
      metricNames.push_back(name);
  int64_t steps = int64_t(stats.stepLosses.size());
  // A resumed epoch starts after the checkpoint's step.
  bool resumed = stats.epoch == options.startEpoch && options.startStep > 0;
  int64_t perEpoch = resumed ? options.startStepsPerEpoch : steps;
  int64_t first = perEpoch - steps;
  for (int64_t i = 0; i < steps; ++i) {
    Row row{stats.epoch,
            lastStep - steps + 1 + i,
            stats.stepLosses[i],
            learningRate(options, stats.epoch, first + i, perEpoch),
            i + 1 == steps,
            stats.samplesPerSecond,
            {}};
    if (row.epochEnd)
      for (const std::string &name : metricNames) {
        double v = NAN;
        for (auto &[n, value] : stats.testMetrics)
          if (n == name)
            v = value;
        row.metrics.push_back(v);
      }
    rows.push_back(std::move(row));
  }
}

std::string MetricsLog::csv() const {
  std::string text = fmt::format("epoch,step,train_{},lr,samples_per_s",
                                 lossName.empty() ? "loss" : lossName);
  for (const std::string &name : metricNames)
    text += ",test_" + name;
  text += "\n";
  for (const Row &r : rows) {
    text +=
        fmt::format("{},{},{},{},", r.epoch, r.step, cell(r.loss), cell(r.lr));
    if (r.epochEnd)
      text += cell(r.samplesPerSecond);
    for (size_t m = 0; m < metricNames.size(); ++m)
      text += "," + (r.epochEnd ? cell(r.metrics[m]) : std::string());
    text += "\n";
  }
  return text;
}

void MetricsLog::writeCsv() const {
  if (csvPath.empty())
    return;
  const std::string text = csv();
  rt::writeFileAtomically(csvPath, text.data(), text.size());
}

void MetricsLog::writePlot() const {
  if (plotPath.empty() || rows.empty())
    return;
  std::string data = csvPath;
  llvm::SmallString<128> tmp;
  if (data.empty()) {
    if (llvm::sys::fs::createTemporaryFile("aicc-metrics", "csv", tmp))
      throw rt::Error("--plot: cannot create a temporary file");
    data = std::string(tmp);
    const std::string text = csv();
    rt::writeFileAtomically(data, text.data(), text.size());
  }
  std::string error;
  int rc = runPython({plotScriptPath(), data, plotPath}, &error);
  if (!tmp.empty())
    llvm::sys::fs::remove(tmp);
  if (rc != 0)
    throw rt::Error(fmt::format("--plot {}: the plot script failed{}", plotPath,
                                error.empty() ? "" : ": " + error));
}

} // namespace aicc::driver
