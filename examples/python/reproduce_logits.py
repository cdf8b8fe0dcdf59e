"""Reproduces a Prototypical Networks run's query logits on an episode file from its exported weights.

    python reproduce_logits.py MODEL.safetensors EPISODES.json EVAL.json ROOT [--tolerance 1e-4] [--torch]

MODEL is `metalearn export --format safetensors`'s file, EPISODES an episode file
(docs/episode-files.md) whose paths are relative to ROOT, EVAL the output of `metalearn eval RUN
--episodes-file EPISODES --format json --logits`. Each image is decoded here (8-bit gray or RGB
PNG, no resizing: the run's imageSize must be the files' size), each episode is embedded by
`numpy_forward`'s forward pass (and by `models.py`'s PyTorch model with --torch), its logits follow
by ProtoNet's rule, and they are compared with the run's; exits 1 when any differs by more than the
tolerance times max(1, |logit|). (Our logits are float32: squared distances of a few hundred are
only resolved to about 3e-5, so the tolerance is relative beyond 1.)
"""
import argparse
import json
import os
import struct
import sys
import zlib

import numpy as np

import numpy_forward


def read_png(path):
    """An 8-bit, non-interlaced gray or RGB PNG as a uint8 array [channels, height, width]."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    position, compressed = 8, b""
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            compressed += body
        position += 12 + length
    if depth != 8 or interlace != 0 or color not in (0, 2):
        raise ValueError(f"{path}: only 8-bit non-interlaced gray or RGB PNGs are read here")
    channels = 1 if color == 0 else 3
    raw, stride = zlib.decompress(compressed), width * channels
    rows, previous = [], [0] * stride
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], list(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                estimate = left + up - corner
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(line)
        previous = line
    return np.array(rows, dtype=np.uint8).reshape(height, width, channels).transpose(2, 0, 1)


def model_input(path, metadata):
    """The image as the run saw it: values in [0, 1], inverted and normalised as the metadata says."""
    pixels = read_png(path)
    if pixels.shape[1:] != (int(metadata["imageSize"]),) * 2 or pixels.shape[0] != int(metadata["inputChannels"]):
        raise ValueError(f"{path}: {pixels.shape} is not the run's input shape; resizing is not reproduced here")
    scale, offset = (-1 / 255, 1) if metadata["input.invert"] == "true" else (1 / 255, 0)
    values = pixels.astype(np.float32) * np.float32(scale) + np.float32(offset)
    if metadata["input.normalization"] != "none":
        normalization = json.loads(metadata["input.normalization"])
        values = (values - np.array(normalization["mean"], np.float32)[:, None, None]) / np.array(normalization["std"], np.float32)[:, None, None]
    return values


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("episodes")
    parser.add_argument("evaluation")
    parser.add_argument("root")
    parser.add_argument("--tolerance", type=float, default=1e-4)
    parser.add_argument("--torch", action="store_true", help="also compute the logits with models.py's PyTorch model")
    arguments = parser.parse_args()

    tensors, metadata = numpy_forward.load(arguments.model)
    if metadata["learner"] != "protonet":
        sys.exit(f"{arguments.model}: learner {metadata['learner']} adapts at test time; only protonet's logits are a forward pass")
    episodes = json.load(open(arguments.episodes))["episodes"]
    expected = json.load(open(arguments.evaluation))["episodeLogits"]
    if arguments.torch:
        import torch
        import models
        model = models.from_file(arguments.model)
    worst, worst_absolute, largest = 0.0, 0.0, 0.0
    for index, episode in enumerate(episodes):
        if any(image.get("rotation", 0) for image in episode["support"] + episode["query"]):
            sys.exit(f"{arguments.episodes}: episodes[{index}] rotates images; rotation is not reproduced here")
        classes = list(dict.fromkeys(image["class"] for image in episode["support"]))
        labels = [classes.index(image["class"]) for image in episode["support"]]
        support, query = ([model_input(os.path.join(arguments.root, image["image"]), metadata) for image in episode[part]]
                          for part in ("support", "query"))
        ours, images = np.array(expected[index]), np.stack(support + query)
        largest = max(largest, float(np.abs(ours).max()))
        # Support and queries are embedded in one batch, as the learner does (one batch's statistics when transductive).
        computed = [numpy_forward.prototype_logits(numpy_forward.features(images, tensors, metadata), labels, metadata)]
        if arguments.torch:
            with torch.no_grad():
                embedded = model(torch.from_numpy(images)).double().numpy()
            computed.append(numpy_forward.prototype_logits(embedded, labels, metadata))
        for logits in computed:
            difference = np.abs(logits - ours)
            worst = max(worst, float((difference / np.maximum(1, np.abs(ours))).max()))
            worst_absolute = max(worst_absolute, float(difference.max()))
    frameworks = "numpy and PyTorch" if arguments.torch else "numpy"
    print(f"{len(episodes)} episodes, {metadata['model']} ({metadata['batchNorm']} batch norm): "
          f"largest difference from metalearn's logits with {frameworks}: {worst:.3g} relative to max(1, |logit|) "
          f"(tolerance {arguments.tolerance:g}), {worst_absolute:.3g} absolute, logits up to {largest:.4g}")
    if worst > arguments.tolerance:
        sys.exit(1)


if __name__ == "__main__":
    main()
