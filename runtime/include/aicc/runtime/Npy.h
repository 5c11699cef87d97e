//===- Npy.h - NumPy .npy file I/O ------------------------------*- C++ -*-===//
//
// Reads and writes NumPy's .npy format so reference inputs/outputs can be
// exchanged with Python. Reading accepts format versions 1.0, 2.0 and 3.0 and
// byte-swaps big-endian data; writing produces exactly what np.save emits
// (version 1.0, or 2.0 when the header does not fit in 64 KiB).
//
// Only C-order arrays of the DType element types are supported. Trailing
// bytes after the array data are ignored, as np.load does.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_RUNTIME_NPY_H
#define AICC_RUNTIME_NPY_H

#include "aicc/runtime/Tensor.h"

#include <iosfwd>
#include <string>

namespace aicc::rt {

/// Reads a .npy file. Throws Error (message starts with `path`) on failure.
Tensor readNpy(const std::string &path);

/// Reads .npy data from a stream; `name` is used in error messages.
Tensor readNpy(std::istream &in, const std::string &name);

/// Writes `tensor` as a .npy file. Throws Error on I/O failure.
void writeNpy(const std::string &path, const Tensor &tensor);

/// Writes .npy data to a stream; `name` is used in error messages.
void writeNpy(std::ostream &out, const Tensor &tensor, const std::string &name);

/// The NumPy dtype string used when writing, e.g. "<f4", "|b1".
std::string npyDescr(DType dtype);

} // namespace aicc::rt

#endif // AICC_RUNTIME_NPY_H
