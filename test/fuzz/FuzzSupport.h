//===- FuzzSupport.h - shared pieces of the fuzz targets --------*- C++ -*-===//
//
// The runtime's file readers take paths, so the targets write each input to
// files in one scratch directory per process: /tmp/aicc-fuzz-<pid>, removed
// at exit.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_TEST_FUZZ_FUZZSUPPORT_H
#define AICC_TEST_FUZZ_FUZZSUPPORT_H

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

namespace aicc::fuzz {

/// The process' scratch directory, created on first use.
inline const std::filesystem::path &scratchDir() {
  struct Dir {
    std::filesystem::path path;
    Dir()
        : path(std::filesystem::path("/tmp") /
               ("aicc-fuzz-" + std::to_string(::getpid()))) {
      std::filesystem::remove_all(path);
      std::filesystem::create_directories(path);
    }
    ~Dir() {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  };
  static Dir dir;
  return dir.path;
}

/// Writes `bytes` to `path` (replacing it).
inline void writeFile(const std::filesystem::path &path,
                      std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    // Not the input's fault: stop rather than report a false finding.
    std::perror(path.c_str());
    std::abort();
  }
}

/// Splits `data` at each occurrence of kSeparator, so one input can stand for
/// several files; make_corpus.py writes seeds that way.
inline constexpr std::string_view kSeparator = "\n#AICC-FUZZ-FILE#\n";
inline std::vector<std::string_view> splitFiles(std::string_view data) {
  std::vector<std::string_view> parts;
  for (;;) {
    size_t at = data.find(kSeparator);
    parts.push_back(data.substr(0, at));
    if (at == std::string_view::npos)
      return parts;
    data.remove_prefix(at + kSeparator.size());
  }
}

inline std::string_view asText(const uint8_t *data, size_t size) {
  return {reinterpret_cast<const char *>(data), size};
}

} // namespace aicc::fuzz

#endif // AICC_TEST_FUZZ_FUZZSUPPORT_H
