//===- Error.cpp - Runtime error type -------------------------------------===//

#include "aicc/runtime/Error.h"

using namespace aicc::rt;

Error::Error(const std::string &message) : std::runtime_error(message) {}
Error::Error(const char *message) : std::runtime_error(message) {}
Error::~Error() = default;
