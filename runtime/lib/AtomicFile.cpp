//===- AtomicFile.cpp - replace a file whole or not at all ----------------===//

#include "aicc/runtime/AtomicFile.h"

#include "aicc/runtime/Error.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

namespace {

[[noreturn]] void fail(const std::string &path, const std::string &why) {
  throw aicc::rt::Error(path + ": " + why);
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

/// The file that writing `path` replaces: `path` itself, or the final target
/// of a symbolic link (which stays a link). Only a regular file is replaced.
std::string replaceTarget(const std::string &path) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT)
      return path;
    fail(path, "cannot access: " + errnoText());
  }
  std::string target = path;
  if (S_ISLNK(st.st_mode)) {
    char *real = ::realpath(path.c_str(), nullptr);
    if (!real)
      fail(path, "is a symbolic link whose target cannot be resolved: " +
                     errnoText());
    target = real;
    std::free(real);
    if (::stat(target.c_str(), &st) != 0)
      fail(path, "cannot access " + target + ": " + errnoText());
  }
  if (S_ISDIR(st.st_mode))
    fail(path, "cannot write: is a directory");
  if (!S_ISREG(st.st_mode))
    fail(path, "cannot write: not a regular file");
  return target;
}

} // namespace

void aicc::rt::writeFileAtomically(const std::string &path, const void *data,
                                   size_t size) {
  const std::string target = replaceTarget(path);
  const std::string temp = target + ".tmp." + std::to_string(::getpid());
  int fd = ::open(temp.c_str(),
                  O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0666);
  if (fd < 0)
    fail(path, fmt::format("cannot create: {} (temporary file {})", errnoText(),
                           temp));
  auto abandon = [&](const char *what) {
    std::string why = errnoText();
    if (fd >= 0)
      ::close(fd);
    ::unlink(temp.c_str());
    fail(path,
         fmt::format("cannot {}: {} (temporary file {})", what, why, temp));
  };
  if (!writeAll(fd, data, size))
    abandon("write");
  if (::fsync(fd) != 0)
    abandon("sync");
  int closed = ::close(fd);
  fd = -1;
  if (closed != 0)
    abandon("write");
  if (::rename(temp.c_str(), target.c_str()) != 0)
    abandon("rename the temporary file over it");
}
