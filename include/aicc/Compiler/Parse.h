//===- Parse.h - parsing aig programs ---------------------------*- C++ -*-===//
//
// The one way aicc parses a program (the driver and the Trainer): MLIR's
// recursive-descent parser would overflow the stack on deeply nested input,
// so the nesting depth is bounded before parsing.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_COMPILER_PARSE_H
#define AICC_COMPILER_PARSE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/SourceMgr.h"

#include <optional>

namespace aicc {

/// The deepest nesting of brackets ({ ( [ <) a program may have. MLIR's
/// parser recurses once or more per level; 8 MiB of stack overflow at a few
/// thousand.
inline constexpr unsigned kMaxNestingDepth = 1000;

/// The offset of the first bracket in `text` that opens a level deeper than
/// `limit`, ignoring string literals and // comments; nullopt if none.
std::optional<size_t> findExcessiveNesting(llvm::StringRef text,
                                           unsigned limit = kMaxNestingDepth);

/// Parses the main buffer of `sourceMgr` as a module; a nesting deeper than
/// kMaxNestingDepth is an error at the bracket that exceeds it, reported
/// through the context's diagnostics like a parse error. Null on error.
mlir::OwningOpRef<mlir::ModuleOp> parseModule(llvm::SourceMgr &sourceMgr,
                                              mlir::MLIRContext *context);

/// An error at the first function whose argument or result attributes use
/// the old aicc.* spelling of the aig.* marks.
llvm::LogicalResult rejectOldAttributeNames(mlir::ModuleOp module);

} // namespace aicc

#endif // AICC_COMPILER_PARSE_H
