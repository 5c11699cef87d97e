//===- Codegen.cpp - LLVM IR, assembly and object files -------------------===//

#include "aicc/Compiler/Codegen.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

using namespace llvm;

namespace aicc {

Expected<std::unique_ptr<TargetMachine>> createHostTargetMachine() {
  InitializeNativeTarget();
  InitializeNativeTargetAsmPrinter();
  InitializeNativeTargetAsmParser();
  Triple triple(sys::getProcessTriple());
  std::string error;
  const Target *target = TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return createStringError(inconvertibleErrorCode(), "no LLVM target for " +
                                                           triple.str() + ": " +
                                                           error);
  SubtargetFeatures features;
  for (const auto &[name, enabled] : sys::getHostCPUFeatures())
    features.AddFeature(name, enabled);
  TargetOptions options;
  std::unique_ptr<TargetMachine> tm(target->createTargetMachine(
      triple, sys::getHostCPUName(), features.getString(), options, Reloc::PIC_,
      std::nullopt, CodeGenOptLevel::Aggressive));
  if (!tm)
    return createStringError(inconvertibleErrorCode(),
                             "cannot create a target machine for " +
                                 triple.str());
  return tm;
}

/// The runtime's allocator returns fresh memory, like malloc: say so, so
/// that LLVM knows a buffer aicc allocates aliases nothing else. Without
/// it, every copy from an argument into a temporary (the im2col of a
/// convolution) stays scalar: LLVM cannot reorder its loads and stores.
static void markAllocatorNoAlias(Module &module) {
  for (const char *name :
       {"_mlir_memref_to_llvm_alloc", "_mlir_memref_to_llvm_aligned_alloc"})
    if (Function *alloc = module.getFunction(name)) {
      alloc->addRetAttr(Attribute::NoAlias);
      alloc->addRetAttr(Attribute::NoUndef);
      // runtime/lib/Alloc.cpp aligns every block to at least 64 bytes.
      alloc->addRetAttr(
          Attribute::getWithAlignment(module.getContext(), Align(64)));
    }
}

/// The aig.* argument and result marks mean nothing to LLVM, and its
/// translation warns about every attribute of a loaded dialect it cannot
/// translate: drop them first.
static void dropAigMarks(mlir::ModuleOp module) {
  auto strip = [](mlir::DictionaryAttr attrs) -> mlir::DictionaryAttr {
    if (!attrs)
      return attrs;
    SmallVector<mlir::NamedAttribute> kept;
    for (mlir::NamedAttribute attr : attrs)
      if (!attr.getName().getValue().starts_with("aig."))
        kept.push_back(attr);
    return mlir::DictionaryAttr::get(attrs.getContext(), kept);
  };
  module.walk([&](mlir::FunctionOpInterface fn) {
    for (unsigned i = 0; i < fn.getNumArguments(); ++i)
      fn.setArgAttrs(i, strip(fn.getArgAttrDict(i)));
    for (unsigned i = 0; i < fn.getNumResults(); ++i)
      fn.setResultAttrs(i, strip(fn.getResultAttrDict(i)));
  });
}

Expected<std::unique_ptr<Module>> translateToLLVMIR(mlir::ModuleOp module,
                                                    LLVMContext &context,
                                                    TargetMachine &tm,
                                                    unsigned optLevel) {
  dropAigMarks(module);
  std::unique_ptr<Module> llvmModule =
      mlir::translateModuleToLLVMIR(module, context);
  if (!llvmModule)
    return createStringError(inconvertibleErrorCode(),
                             "translation to LLVM IR failed");
  markAllocatorNoAlias(*llvmModule);
  llvmModule->setDataLayout(tm.createDataLayout());
  llvmModule->setTargetTriple(tm.getTargetTriple());
  auto optimize = mlir::makeOptimizingTransformer(optLevel, 0, &tm);
  if (Error err = optimize(llvmModule.get()))
    return std::move(err);
  return llvmModule;
}

Error emitNativeCode(Module &module, TargetMachine &tm, CodeGenFileType type,
                     raw_pwrite_stream &os) {
  legacy::PassManager pm;
  if (tm.addPassesToEmitFile(pm, os, nullptr, type))
    return createStringError(inconvertibleErrorCode(),
                             "the target cannot emit this file type");
  pm.run(module);
  return Error::success();
}

} // namespace aicc
