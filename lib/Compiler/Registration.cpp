//===- Registration.cpp - dialects and extensions the pipeline uses -------===//
//
// Kept in its own file: InitAllDialects.h is the heaviest header we include.
//
//===----------------------------------------------------------------------===//

#include "aicc/Compiler/Pipeline.h"
#include "aicc/Dialect/Aig/AigDialect.h"

#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"

void aicc::registerAiccDialects(mlir::DialectRegistry &registry) {
  registry.insert<aig::AigDialect>();
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::registerBuiltinDialectTranslation(registry);
  mlir::registerLLVMDialectTranslation(registry);
}
