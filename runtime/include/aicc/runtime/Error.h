//===- Error.h - Runtime error type -----------------------------*- C++ -*-===//
//
// Every failure in the runtime (bad input files, invalid shapes, allocation
// failures) is reported by throwing aicc::rt::Error so that callers such as
// test drivers can report a readable message instead of crashing.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_RUNTIME_ERROR_H
#define AICC_RUNTIME_ERROR_H

#include <stdexcept>
#include <string>

namespace aicc::rt {

class Error : public std::runtime_error {
public:
  explicit Error(const std::string &message);
  explicit Error(const char *message);
  // Out-of-line key function: anchors the vtable/typeinfo in the shared
  // library so catch clauses match across DSO boundaries.
  ~Error() override;
};

} // namespace aicc::rt

#endif // AICC_RUNTIME_ERROR_H
