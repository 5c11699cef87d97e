//===- AigConvOps.td - convolution and pooling ops ---------*- tablegen -*-===//
//
// Images are NCHW, filters OIHW (PyTorch's layouts). `padding` is always
// per side, [top, left, bottom, right] (ONNX's `pads` order); the C++ API
// also takes PyTorch's one- and two-value forms. The gradient ops are what
// the VJPs of conv2d and the pools build; they are not differentiable
// themselves. Shape rules and verifiers live in AigConvOps.cpp, lowerings in
// ConvPoolToLinalg.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_DIALECT_AIG_AIGCONVOPS_TD
#define AICC_DIALECT_AIG_AIGCONVOPS_TD

//===----------------------------------------------------------------------===//
// Convolution
//===----------------------------------------------------------------------===//

class Aig_ConvLikeOp<string mnemonic, list<Trait> traits = []>
    : Aig_Op<mnemonic, !listconcat(traits, [Pure, InferTypeOpAdaptor])>;

def Aig_Conv2DOp : Aig_ConvLikeOp<"conv2d", [Aig_Differentiable]> {
  let summary = "2-D convolution (cross-correlation), NCHW x OIHW";
  let description = [{
    `result[n, o, y, x] = bias[o] + sum over c, i, j of
    input[n, g*C/G + c, y*sh + i*dh - top, x*sw + j*dw - left] * filter[o, c, i, j]`
    with `g = o / (O/G)` the group of output channel `o`; positions outside
    the input read 0. The output is `N x O x OH x OW` with
    `OH = (H + top + bottom - dh*(KH-1) - 1) / sh + 1` (and the same for
    OW). The filter is `O x C/G x KH x KW`; the optional bias has `O`
    elements.

    ```mlir
    %y = aig.conv2d %x, %w, %b stride = [1, 1] padding = [2, 2, 2, 2]
           dilation = [1, 1] groups = 1
           : tensor<128x1x28x28xf32>, tensor<6x1x5x5xf32>, tensor<6xf32>
    ```

    Lowered per image to an im2col copy and a matmul on the register-blocked
    kernel; its gradients are `conv2d_input_grad`, `conv2d_filter_grad` and
    a sum of the result gradient over N, H and W.
  }];
  let arguments = (ins Aig_FloatTensor:$input, Aig_FloatTensor:$filter,
                   Optional<Aig_FloatTensor>:$bias,
                   DenseI64ArrayAttr:$stride, DenseI64ArrayAttr:$padding,
                   DenseI64ArrayAttr:$dilation, I64Attr:$groups);
  let results = (outs Aig_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $filter (`,` $bias^)? `stride` `=` $stride `padding` `=`
    $padding `dilation` `=` $dilation `groups` `=` $groups attr-dict `:`
    type($input) `,` type($filter) (`,` type($bias)^)?
  }];
}

def Aig_Conv2DInputGradOp : Aig_ConvLikeOp<"conv2d_input_grad"> {
  let summary = "gradient of conv2d with respect to its input";
  let description = [{
    Given the gradient of a conv2d result (`N x O x OH x OW`) and its filter,
    the gradient of its input, of shape `input_shape`: the transposed
    convolution. Attributes mean what they mean on `aig.conv2d`.

    ```mlir
    %dx = aig.conv2d_input_grad %dy, %w input_shape = [128, 6, 14, 14]
            stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1]
            groups = 1 : tensor<128x16x10x10xf32>, tensor<16x6x5x5xf32>
    ```
  }];
  let arguments = (ins Aig_FloatTensor:$result_grad, Aig_FloatTensor:$filter,
                   DenseI64ArrayAttr:$input_shape, DenseI64ArrayAttr:$stride,
                   DenseI64ArrayAttr:$padding, DenseI64ArrayAttr:$dilation,
                   I64Attr:$groups);
  let results = (outs Aig_FloatTensor:$result);
  let assemblyFormat = [{
    $result_grad `,` $filter `input_shape` `=` $input_shape `stride` `=`
    $stride `padding` `=` $padding `dilation` `=` $dilation `groups` `=`
    $groups attr-dict `:` type($result_grad) `,` type($filter)
  }];
}

def Aig_Conv2DFilterGradOp : Aig_ConvLikeOp<"conv2d_filter_grad"> {
  let summary = "gradient of conv2d with respect to its filter";
  let description = [{
    Given a conv2d's input and the gradient of its result, the gradient of
    its filter, of shape `filter_shape` (`O x C/G x KH x KW`).

    ```mlir
    %dw = aig.conv2d_filter_grad %x, %dy filter_shape = [16, 6, 5, 5]
            stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1]
            groups = 1 : tensor<128x6x14x14xf32>, tensor<128x16x10x10xf32>
    ```
  }];
  let arguments = (ins Aig_FloatTensor:$input, Aig_FloatTensor:$result_grad,
                   DenseI64ArrayAttr:$filter_shape, DenseI64ArrayAttr:$stride,
                   DenseI64ArrayAttr:$padding, DenseI64ArrayAttr:$dilation,
                   I64Attr:$groups);
  let results = (outs Aig_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $result_grad `filter_shape` `=` $filter_shape `stride` `=`
    $stride `padding` `=` $padding `dilation` `=` $dilation `groups` `=`
    $groups attr-dict `:` type($input) `,` type($result_grad)
  }];
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

def Aig_MaxPool2DOp : Aig_ConvLikeOp<"max_pool2d", [Aig_Differentiable]> {
  let summary = "2-D max pooling, NCHW";
  let description = [{
    The maximum of each `kernel` window, windows `stride` apart, over the
    input padded with -inf (`padding` per side, at most half the kernel, as
    in PyTorch). NaN propagates. The gradient goes to the first maximum of
    each window in row-major order, as in PyTorch.

    ```mlir
    %y = aig.max_pool2d %x kernel = [2, 2] stride = [2, 2]
           padding = [0, 0, 0, 0] : tensor<128x6x28x28xf32>
    ```
  }];
  let arguments = (ins Aig_FloatTensor:$input, DenseI64ArrayAttr:$kernel,
                   DenseI64ArrayAttr:$stride, DenseI64ArrayAttr:$padding);
  let results = (outs Aig_FloatTensor:$result);
  let assemblyFormat = [{
    $input `kernel` `=` $kernel `stride` `=` $stride `padding` `=` $padding
    attr-dict `:` type($input)
  }];
  // A 1x1 window at stride 1 without padding is the identity.
  let hasFolder = 1;
}

def Aig_AvgPool2DOp : Aig_ConvLikeOp<"avg_pool2d", [Aig_Differentiable]> {
  let summary = "2-D average pooling, NCHW";
  let description = [{
    The mean of each `kernel` window over the input padded with zeros. With
    `count_include_pad` (PyTorch's default) every window divides by
    `KH*KW`; without it, by the number of its elements inside the input.

    ```mlir
    %y = aig.avg_pool2d %x kernel = [2, 2] stride = [2, 2]
           padding = [0, 0, 0, 0] count_include_pad : tensor<8x3x6x6xf32>
    ```
  }];
  let arguments = (ins Aig_FloatTensor:$input, DenseI64ArrayAttr:$kernel,
                   DenseI64ArrayAttr:$stride, DenseI64ArrayAttr:$padding,
                   UnitAttr:$count_include_pad);
  let results = (outs Aig_FloatTensor:$result);
  let assemblyFormat = [{
    $input `kernel` `=` $kernel `stride` `=` $stride `padding` `=` $padding
    (`count_include_pad` $count_include_pad^)? attr-dict `:` type($input)
  }];
  let hasFolder = 1;
}

def Aig_MaxPool2DGradOp : Aig_ConvLikeOp<"max_pool2d_grad"> {
  let summary = "gradient of max_pool2d with respect to its input";
  let description = [{
    Each window's result gradient goes to the window's first maximum in
    `input` (row-major order); the result has the input's shape.

    ```mlir
    %dx = aig.max_pool2d_grad %x, %dy kernel = [2, 2] stride = [2, 2]
            padding = [0, 0, 0, 0]
            : tensor<128x6x28x28xf32>, tensor<128x6x14x14xf32>
    ```
  }];
  let arguments = (ins Aig_FloatTensor:$input, Aig_FloatTensor:$result_grad,
                   DenseI64ArrayAttr:$kernel, DenseI64ArrayAttr:$stride,
                   DenseI64ArrayAttr:$padding);
  let results = (outs Aig_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $result_grad `kernel` `=` $kernel `stride` `=` $stride
    `padding` `=` $padding attr-dict `:` type($input) `,` type($result_grad)
  }];
}

def Aig_AvgPool2DGradOp : Aig_ConvLikeOp<"avg_pool2d_grad"> {
  let summary = "gradient of avg_pool2d with respect to its input";
  let description = [{
    Spreads each window's result gradient evenly over the window (divided
    as the forward op divides); the result has shape `input_shape`.

    ```mlir
    %dx = aig.avg_pool2d_grad %dy input_shape = [8, 3, 6, 6] kernel = [2, 2]
            stride = [2, 2] padding = [0, 0, 0, 0] count_include_pad
            : tensor<8x3x3x3xf32>
    ```
  }];
  let arguments = (ins Aig_FloatTensor:$result_grad,
                   DenseI64ArrayAttr:$input_shape, DenseI64ArrayAttr:$kernel,
                   DenseI64ArrayAttr:$stride, DenseI64ArrayAttr:$padding,
                   UnitAttr:$count_include_pad);
  let results = (outs Aig_FloatTensor:$result);
  let assemblyFormat = [{
    $result_grad `input_shape` `=` $input_shape `kernel` `=` $kernel `stride`
    `=` $stride `padding` `=` $padding
    (`count_include_pad` $count_include_pad^)? attr-dict `:`
    type($result_grad)
  }];
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

def Aig_BatchNormOp : Aig_Op<"batch_norm", [Pure, InferTypeOpAdaptor,
                                           Aig_Differentiable]> {
  let summary = "per-channel normalization with given statistics";
  let description = [{
    `(x - mean[c]) / sqrt(var[c] + epsilon) * weight[c] + bias[c]` for the
    elements of channel `c` (dimension 1: N x C x ...), in one pass. The
    statistics are operands: in training `mean` and `var` are the batch's
    (`reduce_mean` over every dimension but 1, the variance biased), and the
    gradient flows through them into `x`; in evaluation they are the
    running statistics. `aicc::batchNorm2d` builds both forms, PyTorch's
    `nn.BatchNorm2d`.

    ```mlir
    %y = aig.batch_norm %x, %mean, %var, %w, %b epsilon = 1.0e-05
           : tensor<128x6x28x28xf32>, tensor<6xf32>, tensor<6xf32>,
             tensor<6xf32>, tensor<6xf32>
    ```
  }];
  let arguments = (ins Aig_FloatTensor:$input, Aig_FloatTensor:$mean,
                   Aig_FloatTensor:$variance, Aig_FloatTensor:$weight,
                   Aig_FloatTensor:$bias, F64Attr:$epsilon);
  let results = (outs Aig_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $mean `,` $variance `,` $weight `,` $bias `epsilon` `=`
    $epsilon attr-dict `:` type($input) `,` type($mean) `,` type($variance)
    `,` type($weight) `,` type($bias)
  }];
}

def Aig_MomentsOp : Aig_Op<"moments", [Pure, InferTypeOpAdaptor,
                                       Aig_Differentiable]> {
  let summary = "mean and biased variance over axes, in one pass";
  let description = [{
    The mean and the (biased) variance of `input` over `axes`, as
    `reduce_mean(x)` and `reduce_mean((x - mean)^2)` would give them, read
    in one pass over `input`: the lowering sums `x - k` and `(x - k)^2` in
    the same loop, with `k` the first element of each reduced slice (a
    shift that keeps the variance exact when the mean is large against the
    spread), then `mean = k + s1 / n`, `var = s2 / n - (s1 / n)^2`. The
    results have the shape of `input` without `axes`. Batch normalization's
    training statistics (`aicc::batchNorm2d`).

    ```mlir
    %mean, %var = aig.moments %x axes = [0, 2, 3] : tensor<128x6x28x28xf32>
    ```
  }];
  let arguments = (ins Aig_FloatTensor:$input, DenseI64ArrayAttr:$axes);
  let results = (outs Aig_FloatTensor:$mean, Aig_FloatTensor:$variance);
  let assemblyFormat = "$input `axes` `=` $axes attr-dict `:` type($input)";
}

#endif // AICC_DIALECT_AIG_AIGCONVOPS_TD
