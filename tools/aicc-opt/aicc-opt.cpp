//===- aicc-opt.cpp - MlirOptMain with the aig dialect and passes ---------===//

#include "aicc/Compiler/Pipeline.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  aicc::registerAiccPasses();
  mlir::DialectRegistry registry;
  aicc::registerAiccDialects(registry);
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv,
      "aicc optimizer: aig dialect, aicc passes and upstream MLIR\n",
      registry));
}
