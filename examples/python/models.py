"""PyTorch definitions of Conv-4 and ResNet-12 whose state dicts are the files `metalearn export
--format safetensors` writes, so that

    model = from_file("model.safetensors")   # load_state_dict(strict=True) inside
    logits = model(images)                   # images [N, C, H, W] as the run saw them

Batch norm is BatchNorm2d: without running statistics (track_running_stats=False: every batch by
its own statistics) for a transductive run, with them (eval mode) for an inference run.
"""
import json

import torch
from safetensors import safe_open
from safetensors.torch import load_file
from torch import nn


def norm(channels, metadata):
    """The run's batch norm: running statistics only when the run normalised by them."""
    return nn.BatchNorm2d(channels, eps=float(metadata["batchNorm.epsilon"]),
                          track_running_stats=metadata["batchNorm.statistics"] == "running")


class Block(nn.Module):
    """Conv-4's block: 3x3 convolution, batch norm, ReLU, 2x2 max-pooling."""

    def __init__(self, inputs, outputs, metadata):
        super().__init__()
        self.conv = nn.Conv2d(inputs, outputs, 3, padding=1, bias=False)
        self.norm = norm(outputs, metadata)

    def forward(self, x):
        return torch.max_pool2d(torch.relu(self.norm(self.conv(x))), 2)


class Conv4(nn.Module):
    """Conv-4: blocks of `hidden` channels, flattened, then a linear head (none for outputs 0)."""

    def __init__(self, channels, hidden, outputs, features, metadata, blocks=4):
        super().__init__()
        for index in range(blocks):
            self.add_module(f"block{index + 1}", Block(channels if index == 0 else hidden, hidden, metadata))
        self.blocks = blocks
        self.head = nn.Linear(features, outputs) if outputs > 0 else None

    def forward(self, x):
        for index in range(self.blocks):
            x = getattr(self, f"block{index + 1}")(x)
        x = x.flatten(1)
        return self.head(x) if self.head is not None else x


class ConvNorm(nn.Conv2d):
    """A convolution without bias holding its batch norm as `norm` (ResNet-12's `conv1`, `conv1.norm`)."""

    def __init__(self, inputs, outputs, kernel, metadata):
        super().__init__(inputs, outputs, kernel, padding=kernel // 2, bias=False)
        self.norm = norm(outputs, metadata)

    def forward(self, x):
        return self.norm(super().forward(x))


class ResidualBlock(nn.Module):
    """ResNet-12's block: three 3x3 convolutions with batch norm (leaky ReLU after the first two), a
    1x1 shortcut with batch norm, their sum, 2x2 max-pooling and leaky ReLU."""

    def __init__(self, inputs, width, metadata):
        super().__init__()
        self.conv1 = ConvNorm(inputs, width, 3, metadata)
        self.conv2 = ConvNorm(width, width, 3, metadata)
        self.conv3 = ConvNorm(width, width, 3, metadata)
        self.shortcut = ConvNorm(inputs, width, 1, metadata)

    def forward(self, x):
        y = nn.functional.leaky_relu(self.conv1(x), 0.1)
        y = nn.functional.leaky_relu(self.conv2(y), 0.1)
        return nn.functional.leaky_relu(torch.max_pool2d(self.conv3(y) + self.shortcut(x), 2), 0.1)


class ResNet12(nn.Module):
    """ResNet-12: residual blocks of `widths`, global average pooling, then a linear head (none for outputs 0)."""

    def __init__(self, channels, widths, outputs, metadata):
        super().__init__()
        for index, width in enumerate(widths):
            self.add_module(f"block{index + 1}", ResidualBlock(channels if index == 0 else widths[index - 1], width, metadata))
        self.blocks = len(widths)
        self.head = nn.Linear(widths[-1], outputs) if outputs > 0 else None

    def forward(self, x):
        for index in range(self.blocks):
            x = getattr(self, f"block{index + 1}")(x)
        x = x.mean(dim=(2, 3))
        return self.head(x) if self.head is not None else x


def from_file(path):
    """The model the file describes, its weights loaded strictly, in eval mode."""
    with safe_open(path, framework="pt") as file:
        metadata = file.metadata()
    channels, outputs = int(metadata["inputChannels"]), int(metadata["outputs"])
    if metadata["model"] == "conv4":
        model = Conv4(channels, json.loads(metadata["model.hiddenChannels"]), outputs, int(metadata["featureCount"]), metadata)
    elif metadata["model"] == "resnet12":
        model = ResNet12(channels, json.loads(metadata["model.widths"]), outputs, metadata)
    else:
        raise ValueError(f"{path}: no PyTorch definition here for model {metadata['model']}")
    model.load_state_dict(load_file(path), strict=True)
    return model.eval()
