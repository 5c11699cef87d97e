//===- DiagnosticCapture.h - MLIR diagnostics as exception text -*- C++ -*-===//
//
// The API reports errors as exceptions: these helpers turn the diagnostics
// that MLIR emits while building, verifying or compiling into their text.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_LIB_API_DIAGNOSTICCAPTURE_H
#define AICC_LIB_API_DIAGNOSTICCAPTURE_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace aicc {

/// Collects the diagnostics of a context, instead of printing them, while
/// it is alive.
class DiagnosticCapture {
public:
  DiagnosticCapture(mlir::MLIRContext &ctx, bool withLocations,
                    llvm::StringRef separator)
      : handler(&ctx, [this, withLocations,
                       sep = separator.str()](mlir::Diagnostic &d) {
          std::string s;
          llvm::raw_string_ostream os(s);
          if (withLocations)
            os << d.getLocation() << ": ";
          os << d;
          text += (text.empty() ? "" : sep) + s;
          return mlir::success();
        }) {}

  std::string text;

private:
  mlir::ScopedDiagnosticHandler handler;
};

/// Runs `fn` (returning LogicalResult); on failure throws ErrorT with
/// `what` and the located diagnostics emitted meanwhile.
template <typename ErrorT, typename Fn>
void throwOnFailure(mlir::MLIRContext &ctx, const std::string &what, Fn &&fn) {
  DiagnosticCapture diagnostics(ctx, /*withLocations=*/true, "\n");
  if (mlir::failed(fn()))
    throw ErrorT(what +
                 (diagnostics.text.empty() ? "" : ":\n" + diagnostics.text));
}

} // namespace aicc

#endif // AICC_LIB_API_DIAGNOSTICCAPTURE_H
