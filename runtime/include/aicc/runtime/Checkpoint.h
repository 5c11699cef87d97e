//===- Checkpoint.h - safetensors checkpoints -------------------*- C++ -*-===//
//
// Saves and loads named tensors in the safetensors format
// (https://github.com/huggingface/safetensors), so checkpoints can be read by
// PyTorch/NumPy tooling:
//
//   u64 little-endian N | N bytes of JSON header | raw little-endian data
//
// The header maps each tensor name to {"dtype", "shape", "data_offsets":
// [begin, end]} (offsets relative to the start of the data) plus an optional
// "__metadata__" object of string -> string. Supported dtypes: F32 F64 I8 I16
// I32 I64 U8 BOOL.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_RUNTIME_CHECKPOINT_H
#define AICC_RUNTIME_CHECKPOINT_H

#include "aicc/runtime/Tensor.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace aicc::rt {

struct NamedTensor {
  std::string name;
  Tensor tensor;
};

/// Writes `tensors` (in the given order, packed back to back) with
/// `metadata` as "__metadata__" (omitted when empty). The header is padded
/// with spaces to a multiple of 8 bytes.
///
/// The write is atomic: data goes to `path + ".tmp.<pid>"`, which is
/// fsync'ed and renamed over `path`, and then the directory is fsync'ed. On
/// failure the temporary file is removed, an existing `path` is left
/// untouched, and Error is thrown. Names must be unique and must not be
/// "__metadata__"; pointers must not be null.
///
/// `path` must be absent, a regular file, or a symbolic link to one (see
/// checkCheckpointPath); a link is kept and its target replaced atomically
/// (the temporary file is written next to the target). Temporary files of
/// the same checkpoint left by processes that no longer exist (a save
/// killed by SIGKILL) are removed first.
void saveSafetensors(
    const std::string &path,
    const std::vector<std::pair<std::string, const Tensor *>> &tensors,
    const std::map<std::string, std::string> &metadata = {});

/// Throws Error unless a checkpoint may be written to `path`: it is absent,
/// a regular file, or a symbolic link to a regular file. A device, FIFO,
/// socket, directory or dangling link is never replaced.
void checkCheckpointPath(const std::string &path);

/// Reads every tensor, in header order; fills `*metadata` (cleared first)
/// when non-null. Throws Error naming `path` if the file is missing or is not
/// a well-formed safetensors file: shorter than 8 bytes, header length past
/// the end of the file, invalid JSON, a missing or invalid dtype / shape /
/// data_offsets, data_offsets that do not match shape x dtype size or lie
/// outside the data, data regions that overlap or leave gaps (rejected, like
/// the reference implementation does), or trailing bytes after the last
/// tensor.
std::vector<NamedTensor>
loadSafetensors(const std::string &path,
                std::map<std::string, std::string> *metadata = nullptr);

/// Checks that `loaded` holds exactly the tensors in `expected`, with the
/// same dtypes and shapes (order does not matter). Throws Error naming
/// `path` and the first missing tensor, dtype or shape mismatch (in
/// `expected` order) or unexpected tensor, e.g. "checkpoint x.safetensors:
/// tensor 'w1' has shape 784x128, the model expects 784x256".
void checkCheckpointMatches(
    const std::vector<NamedTensor> &loaded,
    const std::vector<std::pair<std::string, const Tensor *>> &expected,
    const std::string &path);

/// The safetensors dtype string ("F32", "BOOL", ...).
std::string safetensorsDType(DType dtype);

} // namespace aicc::rt

#endif // AICC_RUNTIME_CHECKPOINT_H
