//===- AtomicFile.h - replace a file whole or not at all --------*- C++ -*-===//

#ifndef AICC_RUNTIME_ATOMICFILE_H
#define AICC_RUNTIME_ATOMICFILE_H

#include <cstddef>
#include <string>

namespace aicc::rt {

/// Writes `size` bytes to `path` through a temporary file next to it, fsync
/// and a rename: an existing file is replaced whole or stays as it was. A
/// symbolic link stays a link (its target is replaced); a directory or any
/// other non-regular file is refused. Throws rt::Error naming `path`.
void writeFileAtomically(const std::string &path, const void *data,
                         size_t size);

} // namespace aicc::rt

#endif // AICC_RUNTIME_ATOMICFILE_H
