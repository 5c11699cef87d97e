//===- ReplayMain.cpp - run fuzz targets without libFuzzer ----------------===//
//
// The main of the fuzz targets in the normal build (GCC, no libFuzzer): runs
// LLVMFuzzerTestOneInput once on every file named on the command line and on
// every file in the directories named there, so ctest replays the committed
// seed corpora and a crash found by scripts/fuzz.sh reproduces in any build.
// Arguments starting with '-' (libFuzzer's flags) are ignored.
//
//===----------------------------------------------------------------------===//

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace fs = std::filesystem;

static bool runFile(const fs::path &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "error: cannot read '%s'\n", path.c_str());
    return false;
  }
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                          std::istreambuf_iterator<char>());
  // A heap copy of exactly the input's size, as libFuzzer passes it, so
  // ASan sees reads past the end.
  std::vector<uint8_t> data(bytes.begin(), bytes.end());
  LLVMFuzzerTestOneInput(data.empty() ? nullptr : data.data(), data.size());
  return true;
}

int main(int argc, char **argv) {
  size_t count = 0;
  bool ok = true;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.size() > 1 && arg[0] == '-')
      continue;
    std::error_code ec;
    if (!fs::is_directory(arg, ec)) {
      ok &= runFile(arg);
      ++count;
      continue;
    }
    // Sorted, so a replay runs in the same order everywhere.
    std::vector<fs::path> files;
    for (const auto &entry : fs::directory_iterator(arg, ec))
      if (entry.is_regular_file())
        files.push_back(entry.path());
    if (ec) {
      std::fprintf(stderr, "error: cannot list '%s': %s\n", arg.c_str(),
                   ec.message().c_str());
      ok = false;
    }
    std::sort(files.begin(), files.end());
    for (const fs::path &file : files) {
      ok &= runFile(file);
      ++count;
    }
  }
  std::printf("replayed %zu inputs\n", count);
  return ok && count > 0 ? 0 : 1;
}
