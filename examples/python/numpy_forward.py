"""Plain numpy forward passes of a Conv-4 or ResNet-12 exported by `metalearn export --format safetensors`.

Batch norm follows the file's metadata: `batchNorm.statistics` "batch" (transductive: every batch is
normalised by its own mean and biased variance) or "running" (inference: by the stored
`running_mean` and `running_var`), with `batchNorm.epsilon`. Inputs are float arrays
[N, inputChannels, imageSize, imageSize], as the run saw them.
"""
import json

import numpy as np
from safetensors import safe_open


def load(path):
    """The file's tensors (name -> float32 array) and its metadata (name -> string)."""
    with safe_open(path, framework="np") as file:
        return {name: file.get_tensor(name) for name in file.keys()}, file.metadata()


def conv2d(x, weight, padding):
    """Stride-1 convolution of x [N, C, H, W] by weight [O, C, kH, kW] (PyTorch's Conv2d, no bias)."""
    out_channels, _, kh, kw = weight.shape
    x = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    oh, ow = x.shape[2] - kh + 1, x.shape[3] - kw + 1
    columns = np.stack([x[:, :, i:i + oh, j:j + ow] for i in range(kh) for j in range(kw)], axis=2)
    return np.einsum("nckhw,ock->nohw", columns, weight.reshape(out_channels, weight.shape[1], kh * kw), optimize=True)


def batch_norm(x, tensors, metadata, layer):
    """Layer `layer`'s batch norm of x [N, C, H, W] with the statistics the metadata names."""
    if metadata["batchNorm.statistics"] == "running":
        mean, variance = tensors[layer + ".running_mean"], tensors[layer + ".running_var"]
    else:
        mean, variance = x.mean(axis=(0, 2, 3)), x.var(axis=(0, 2, 3))
    epsilon = float(metadata["batchNorm.epsilon"])
    shape = (1, -1, 1, 1)
    return ((x - mean.reshape(shape)) / np.sqrt(variance.reshape(shape) + epsilon) * tensors[layer + ".weight"].reshape(shape)
            + tensors[layer + ".bias"].reshape(shape))


def max_pool(x):
    """2x2 max-pooling with stride 2 (odd sides lose their last row or column, as PyTorch's MaxPool2d(2))."""
    n, c, h, w = x.shape
    return x[:, :, :h // 2 * 2, :w // 2 * 2].reshape(n, c, h // 2, 2, w // 2, 2).max(axis=(3, 5))


def leaky_relu(x):
    return np.where(x > 0, x, 0.1 * x)


def conv4_features(x, tensors, metadata):
    """Blocks of 3x3 convolution, batch norm, ReLU and 2x2 max-pooling, flattened: [N, featureCount]."""
    block = 1
    while f"block{block}.conv.weight" in tensors:
        x = max_pool(np.maximum(batch_norm(conv2d(x, tensors[f"block{block}.conv.weight"], 1), tensors, metadata,
                                           f"block{block}.norm"), 0))
        block += 1
    return x.reshape(x.shape[0], -1)


def resnet12_features(x, tensors, metadata):
    """Residual blocks (three 3x3 convolutions with batch norm, a 1x1 shortcut, leaky ReLU 0.1, 2x2
    max-pooling), then global average pooling: [N, featureCount]."""
    block = 1
    while f"block{block}.conv1.weight" in tensors:
        def layer(x, name, padding):
            return batch_norm(conv2d(x, tensors[f"block{block}.{name}.weight"], padding), tensors, metadata, f"block{block}.{name}.norm")
        y = leaky_relu(layer(x, "conv1", 1))
        y = leaky_relu(layer(y, "conv2", 1))
        x = leaky_relu(max_pool(layer(y, "conv3", 1) + layer(x, "shortcut", 0)))
        block += 1
    return x.mean(axis=(2, 3))


def features(x, tensors, metadata):
    """The body's output for inputs x, by the model the metadata names."""
    body = {"conv4": conv4_features, "resnet12": resnet12_features}[metadata["model"]]
    return body(np.asarray(x, dtype=np.float64), tensors, metadata)


def logits(x, tensors, metadata):
    """The head's output [N, outputs] for inputs x (a model exported with a head: outputs > 0)."""
    return features(x, tensors, metadata) @ tensors["head.weight"].T + tensors["head.bias"]


def prototype_logits(embedded, labels, metadata):
    """Prototypical Networks' query logits [queries, ways] from an episode's embeddings, its support
    images' (labelled `labels`) followed by its queries': minus the squared distance of each query to
    each class's mean support embedding, divided by the learner's temperature."""
    labels = np.asarray(labels)
    support, query = embedded[:len(labels)], embedded[len(labels):]
    prototypes = np.stack([support[labels == k].mean(axis=0) for k in range(labels.max() + 1)])
    distances = ((query[:, None, :] - prototypes[None, :, :]) ** 2).sum(axis=2)
    return -distances / json.loads(metadata.get("learner.temperature", "1"))
