//===- Checkpoint.cpp - safetensors checkpoints ---------------------------===//

#include "aicc/runtime/Checkpoint.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <unordered_map>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

using namespace aicc::rt;
namespace fs = std::filesystem;
// ordered_json keeps the header's key order, so tensors load in file order.
using Json = nlohmann::ordered_json;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "safetensors I/O assumes a little-endian host"
#endif

namespace {

constexpr char kMetadataKey[] = "__metadata__";
// The reference implementation's limit; real headers are a few KiB.
constexpr uint64_t kMaxHeaderLen = 100'000'000;

[[noreturn]] void fail(const std::string &path, const std::string &why) {
  throw Error(path + ": " + why);
}

[[noreturn]] void corrupt(const std::string &path, const std::string &why) {
  fail(path, "corrupt or truncated checkpoint: " + why);
}

std::optional<DType> dtypeFromSafetensors(std::string_view name) {
  static const std::pair<std::string_view, DType> names[] = {
      {"F32", DType::F32}, {"F64", DType::F64},  {"I8", DType::I8},
      {"I16", DType::I16}, {"I32", DType::I32},  {"I64", DType::I64},
      {"U8", DType::U8},   {"BOOL", DType::Bool}};
  for (const auto &[text, dtype] : names)
    if (text == name)
      return dtype;
  return std::nullopt;
}

std::string errnoText() { return std::strerror(errno); }

/// Writes everything or returns false with errno set.
bool writeAll(int fd, const void *data, size_t size) {
  const char *p = static_cast<const char *>(data);
  while (size > 0) {
    ssize_t n = ::write(fd, p, size);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return false;
    }
    p += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

/// Removes the temporary file unless released; keeps every failure path of
/// saveSafetensors from leaking it.
class TempFile {
public:
  explicit TempFile(std::string path) : path_(std::move(path)) {}
  ~TempFile() {
    if (fd_ >= 0)
      ::close(fd_);
    if (created_)
      ::unlink(path_.c_str());
  }
  TempFile(const TempFile &) = delete;
  TempFile &operator=(const TempFile &) = delete;

  bool create() {
    fd_ = ::open(path_.c_str(),
                 O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    created_ = fd_ >= 0;
    return created_;
  }
  int fd() const { return fd_; }
  bool close() {
    int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0;
  }
  void release() { created_ = false; }
  const std::string &path() const { return path_; }

private:
  std::string path_;
  int fd_ = -1;
  bool created_ = false;
};

const char *fileKind(mode_t mode) {
  if (S_ISDIR(mode))
    return "a directory";
  if (S_ISCHR(mode))
    return "a character device";
  if (S_ISBLK(mode))
    return "a block device";
  if (S_ISFIFO(mode))
    return "a FIFO";
  if (S_ISSOCK(mode))
    return "a socket";
  return "not a regular file";
}

/// The file a save to `path` replaces: `path`, or the final target of a
/// symbolic link (which stays a link). Throws unless that is absent or a
/// regular file: a device, FIFO or directory is never replaced.
std::string checkpointTarget(const std::string &path) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT)
      return path;
    fail(path, "cannot access the checkpoint path: " + errnoText());
  }
  std::string target = path;
  if (S_ISLNK(st.st_mode)) {
    char *real = ::realpath(path.c_str(), nullptr);
    if (!real)
      fail(path, "is a symbolic link whose target cannot be resolved (" +
                     errnoText() +
                     "); refusing to replace the link with a file");
    target = real;
    std::free(real);
    if (::stat(target.c_str(), &st) != 0)
      fail(path, "cannot access " + target + ": " + errnoText());
  }
  if (!S_ISREG(st.st_mode))
    fail(path, std::string("is ") + fileKind(st.st_mode) +
                   ": a checkpoint only replaces a regular file (or is "
                   "written to a new path)");
  return target;
}

/// Removes `<name>.tmp.<pid>` files next to `target` left by a save that
/// was killed (SIGKILL, power loss): those whose process no longer exists.
void removeStaleTemporaries(const std::string &target) {
  fs::path file(target);
  fs::path dir =
      file.parent_path().empty() ? fs::path(".") : file.parent_path();
  std::string prefix = file.filename().string() + ".tmp.";
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix))
      continue;
    std::string digits = name.substr(prefix.size());
    if (digits.size() > 9 ||
        !std::all_of(digits.begin(), digits.end(),
                     [](char c) { return c >= '0' && c <= '9'; }))
      continue;
    pid_t pid = static_cast<pid_t>(std::stol(digits));
    std::error_code statEc;
    if (pid == ::getpid() || !it->is_regular_file(statEc) ||
        it->is_symlink(statEc))
      continue;
    if (::kill(pid, 0) != 0 && errno == ESRCH)
      ::unlink(it->path().c_str());
  }
}

std::string shapeText(const std::vector<int64_t> &shape) {
  if (shape.empty())
    return "scalar";
  std::string result;
  for (size_t i = 0; i < shape.size(); ++i)
    result += (i ? "x" : "") + std::to_string(shape[i]);
  return result;
}

/// One header entry after validation.
struct Entry {
  std::string name;
  DType dtype;
  std::vector<int64_t> shape;
  uint64_t begin, end;
};

Entry parseEntry(const std::string &path, const std::string &name,
                 const Json &value) {
  auto bad = [&](const std::string &why) {
    fail(path, "invalid header entry for tensor '" + name + "': " + why);
  };
  if (!value.is_object())
    bad("expected a JSON object");
  Entry entry;
  entry.name = name;

  auto dtypeIt = value.find("dtype");
  if (dtypeIt == value.end() || !dtypeIt->is_string())
    bad("missing or non-string \"dtype\"");
  std::string dtypeText = dtypeIt->get<std::string>();
  std::optional<DType> dtype = dtypeFromSafetensors(dtypeText);
  if (!dtype)
    bad("unsupported dtype '" + dtypeText +
        "' (supported: F32 F64 I8 I16 I32 I64 U8 BOOL)");
  entry.dtype = *dtype;

  auto shapeIt = value.find("shape");
  if (shapeIt == value.end() || !shapeIt->is_array())
    bad("missing or non-array \"shape\"");
  uint64_t count = 1;
  bool empty = false;
  const uint64_t limit = static_cast<uint64_t>(INT64_MAX) / dtypeSize(*dtype);
  for (const Json &dim : *shapeIt) {
    if (!dim.is_number_unsigned())
      bad("\"shape\" must hold non-negative integers, got " + dim.dump());
    uint64_t d = dim.get<uint64_t>();
    if (d > static_cast<uint64_t>(INT64_MAX))
      bad("dimension " + std::to_string(d) + " is too large");
    entry.shape.push_back(static_cast<int64_t>(d));
    if (d == 0)
      empty = true;
    else if (!empty && count > limit / d)
      bad("element count overflows");
    else if (!empty)
      count *= d;
  }
  uint64_t bytes = empty ? 0 : count * dtypeSize(*dtype);

  auto offsetsIt = value.find("data_offsets");
  if (offsetsIt == value.end() || !offsetsIt->is_array() ||
      offsetsIt->size() != 2 || !(*offsetsIt)[0].is_number_unsigned() ||
      !(*offsetsIt)[1].is_number_unsigned())
    bad("\"data_offsets\" must be [begin, end] with non-negative integers");
  entry.begin = (*offsetsIt)[0].get<uint64_t>();
  entry.end = (*offsetsIt)[1].get<uint64_t>();
  if (entry.end < entry.begin)
    bad(fmt::format("data_offsets [{}, {}] end before they begin", entry.begin,
                    entry.end));
  if (entry.end - entry.begin != bytes)
    bad(fmt::format("data_offsets [{}, {}] span {} bytes, but shape {} of {} "
                    "needs {}",
                    entry.begin, entry.end, entry.end - entry.begin,
                    shapeText(entry.shape), dtypeText, bytes));
  return entry;
}

} // namespace

std::string aicc::rt::safetensorsDType(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "F32";
  case DType::F64:
    return "F64";
  case DType::I8:
    return "I8";
  case DType::I16:
    return "I16";
  case DType::I32:
    return "I32";
  case DType::I64:
    return "I64";
  case DType::U8:
    return "U8";
  case DType::Bool:
    return "BOOL";
  }
  throw Error("invalid DType value " + std::to_string(static_cast<int>(dtype)));
}

void aicc::rt::saveSafetensors(
    const std::string &path,
    const std::vector<std::pair<std::string, const Tensor *>> &tensors,
    const std::map<std::string, std::string> &metadata) {
  Json header = Json::object();
  if (!metadata.empty()) {
    Json meta = Json::object();
    for (const auto &[key, value] : metadata)
      meta[key] = value;
    header[kMetadataKey] = std::move(meta);
  }
  std::set<std::string> seen;
  uint64_t offset = 0;
  for (const auto &[name, tensor] : tensors) {
    if (!tensor)
      fail(path, "cannot save tensor '" + name + "': null tensor pointer");
    if (name == kMetadataKey)
      fail(path, "cannot save a tensor named '__metadata__' (reserved)");
    if (!seen.insert(name).second)
      fail(path, "cannot save two tensors named '" + name + "'");
    Json entry = Json::object();
    entry["dtype"] = safetensorsDType(tensor->dtype());
    entry["shape"] = tensor->shape();
    entry["data_offsets"] = {offset, offset + tensor->byteSize()};
    offset += tensor->byteSize();
    header[name] = std::move(entry);
  }

  std::string text;
  try {
    text = header.dump();
  } catch (const nlohmann::json::exception &e) {
    // E.g. names or metadata that are not valid UTF-8.
    fail(path, std::string("cannot encode checkpoint header: ") + e.what());
  }
  text.append((8 - text.size() % 8) % 8, ' ');
  unsigned char length[8];
  for (int i = 0; i < 8; ++i)
    length[i] = static_cast<unsigned char>(uint64_t(text.size()) >> (8 * i));

  // A symlinked checkpoint is replaced at its target, so the link stays.
  const std::string target = checkpointTarget(path);
  removeStaleTemporaries(target);
  TempFile temp(target + ".tmp." + std::to_string(::getpid()));
  if (!temp.create())
    fail(path,
         "cannot create temporary file " + temp.path() + ": " + errnoText());
  auto writeFailed = [&]() {
    fail(path,
         "cannot write temporary file " + temp.path() + ": " + errnoText());
  };
  if (!writeAll(temp.fd(), length, sizeof(length)) ||
      !writeAll(temp.fd(), text.data(), text.size()))
    writeFailed();
  for (const auto &entry : tensors)
    if (!writeAll(temp.fd(), entry.second->data(), entry.second->byteSize()))
      writeFailed();
  // Data must be on disk before the rename makes it visible under `path`,
  // or a crash could leave a complete-looking but empty checkpoint.
  if (::fsync(temp.fd()) != 0)
    fail(path,
         "cannot sync temporary file " + temp.path() + ": " + errnoText());
  if (!temp.close())
    writeFailed();
  if (::rename(temp.path().c_str(), target.c_str()) != 0)
    fail(path,
         "cannot rename " + temp.path() + " to " + target + ": " + errnoText());
  temp.release();

  // Persist the rename itself.
  fs::path dir = fs::path(target).parent_path();
  if (dir.empty())
    dir = ".";
  int dirFd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirFd < 0)
    fail(path, "checkpoint written, but cannot open directory " + dir.string() +
                   " to sync it: " + errnoText());
  // Some file systems cannot sync directories (EINVAL); nothing to do there.
  bool synced = ::fsync(dirFd) == 0 || errno == EINVAL;
  std::string why = errnoText();
  ::close(dirFd);
  if (!synced)
    fail(path, "checkpoint written, but syncing directory " + dir.string() +
                   " failed: " + why);
}

void aicc::rt::checkCheckpointPath(const std::string &path) {
  checkpointTarget(path);
}

std::vector<NamedTensor>
aicc::rt::loadSafetensors(const std::string &path,
                          std::map<std::string, std::string> *metadata) {
  std::error_code ec;
  if (fs::is_directory(path, ec))
    fail(path, "cannot open checkpoint: is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open())
    fail(path, "cannot open checkpoint: " + errnoText());
  in.seekg(0, std::ios::end);
  std::streamoff fileSize = in.tellg();
  in.seekg(0);
  if (fileSize < 0 || !in)
    fail(path, "cannot determine the checkpoint's size");
  uint64_t size = static_cast<uint64_t>(fileSize);

  if (size < 8)
    corrupt(path, fmt::format("the file has {} bytes, fewer than the 8-byte "
                              "header length",
                              size));
  unsigned char lengthBytes[8];
  in.read(reinterpret_cast<char *>(lengthBytes), 8);
  uint64_t headerLen = 0;
  for (int i = 7; i >= 0; --i)
    headerLen = (headerLen << 8) | lengthBytes[i];
  if (headerLen > size - 8)
    corrupt(path, fmt::format("header length {} exceeds the {} bytes after "
                              "the length field",
                              headerLen, size - 8));
  if (headerLen > kMaxHeaderLen)
    corrupt(path, fmt::format("header length {} exceeds the limit of {}",
                              headerLen, kMaxHeaderLen));
  std::string text(headerLen, '\0');
  in.read(text.data(), static_cast<std::streamsize>(headerLen));
  if (!in)
    fail(path, "cannot read checkpoint header: " + errnoText());

  // nlohmann stops parsing at a NUL byte, which would let garbage after it
  // pass; the format only allows space padding.
  if (text.find('\0') != std::string::npos)
    corrupt(path, "the header is not valid JSON (it contains a NUL byte)");
  Json header = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (header.is_discarded())
    corrupt(path, "the header is not valid JSON");
  if (!header.is_object())
    corrupt(path, "the header is not a JSON object");

  if (metadata)
    metadata->clear();
  std::vector<Entry> entries;
  for (const auto &[key, value] : header.items()) {
    if (key == kMetadataKey) {
      if (!value.is_object())
        fail(path, "\"__metadata__\" must be an object of strings");
      for (const auto &[metaKey, metaValue] : value.items()) {
        if (!metaValue.is_string())
          fail(path,
               "\"__metadata__\" value for '" + metaKey + "' is not a string");
        if (metadata)
          (*metadata)[metaKey] = metaValue.get<std::string>();
      }
      continue;
    }
    entries.push_back(parseEntry(path, key, value));
  }

  // Require the data regions to tile [0, dataSize) exactly, as the reference
  // implementation does: overlaps or holes mean a damaged file.
  uint64_t dataSize = size - 8 - headerLen;
  std::vector<const Entry *> byOffset;
  for (const Entry &entry : entries)
    byOffset.push_back(&entry);
  std::stable_sort(
      byOffset.begin(), byOffset.end(), [](const Entry *a, const Entry *b) {
        return a->begin != b->begin ? a->begin < b->begin : a->end < b->end;
      });
  uint64_t expectedBegin = 0;
  for (const Entry *entry : byOffset) {
    if (entry->end > dataSize)
      corrupt(path,
              fmt::format("tensor '{}' data_offsets [{}, {}] lie past "
                          "the end of the {} data bytes",
                          entry->name, entry->begin, entry->end, dataSize));
    if (entry->begin != expectedBegin)
      corrupt(path,
              fmt::format("tensor '{}' data starts at {}, expected {} (data "
                          "regions must not overlap or leave gaps)",
                          entry->name, entry->begin, expectedBegin));
    expectedBegin = entry->end;
  }
  if (expectedBegin != dataSize)
    corrupt(path, fmt::format("{} bytes of trailing data after the last "
                              "tensor",
                              dataSize - expectedBegin));

  std::vector<NamedTensor> result;
  result.reserve(entries.size());
  const uint64_t dataStart = 8 + headerLen;
  for (const Entry &entry : entries) {
    Tensor tensor(entry.dtype, entry.shape);
    in.seekg(static_cast<std::streamoff>(dataStart + entry.begin));
    in.read(static_cast<char *>(tensor.data()),
            static_cast<std::streamsize>(tensor.byteSize()));
    if (!in)
      fail(path,
           "cannot read data of tensor '" + entry.name + "': " + errnoText());
    if (entry.dtype == DType::Bool) {
      // Keep bools canonical (0/1), as readNpy does.
      auto *bytes = static_cast<unsigned char *>(tensor.data());
      for (int64_t i = 0; i < tensor.numElements(); ++i)
        bytes[i] = bytes[i] != 0;
    }
    result.push_back(NamedTensor{entry.name, std::move(tensor)});
  }
  return result;
}

void aicc::rt::checkCheckpointMatches(
    const std::vector<NamedTensor> &loaded,
    const std::vector<std::pair<std::string, const Tensor *>> &expected,
    const std::string &path) {
  std::unordered_map<std::string, const Tensor *> byName;
  for (const NamedTensor &named : loaded)
    byName.emplace(named.name, &named.tensor);
  auto bad = [&](const std::string &why) {
    throw Error("checkpoint " + path + ": " + why);
  };
  std::set<std::string> wanted;
  for (const auto &[name, tensor] : expected) {
    wanted.insert(name);
    auto it = byName.find(name);
    if (it == byName.end())
      bad(fmt::format("missing tensor '{}' (the model expects {} {})", name,
                      shapeText(tensor->shape()), dtypeName(tensor->dtype())));
    const Tensor &have = *it->second;
    if (have.dtype() != tensor->dtype())
      bad(fmt::format("tensor '{}' has dtype {}, the model expects {}", name,
                      dtypeName(have.dtype()), dtypeName(tensor->dtype())));
    if (have.shape() != tensor->shape())
      bad(fmt::format("tensor '{}' has shape {}, the model expects {}", name,
                      shapeText(have.shape()), shapeText(tensor->shape())));
  }
  for (const NamedTensor &named : loaded)
    if (!wanted.count(named.name))
      bad("unexpected tensor '" + named.name + "' (not part of the model)");
}
