#!/usr/bin/python3
"""PyTorch reference for GANForge's DCGAN: the same networks, initialisation, loss and loop
(pytorch/examples dcgan/main.py recipe), for side-by-side timing and training-dynamics checks.

Runs on Debian's python3-torch (/usr/bin/python3). Usage:
  /usr/bin/python3 bench/dcgan_reference.py --image-size 64 --batch-size 64 --iters 20 [--threads 2]
      [--subpixel] [--train-steps N --data /usr/share/datasets/fashion-mnist --ngf 64 --ndf 64]
Prints one JSON line with ms per iteration (D step + G step), generator images/s and the BLAS in use.

Training for quality (issue 13: parity and time to quality):
  /usr/bin/python3 bench/dcgan_reference.py --image-size 32 --epochs 2 --seed 1 \
      --eval-every 187 --eval-samples 2000 --final-samples 5000 --out /tmp/ref-seed1
Each epoch is a fresh shuffle of the train split without its last partial batch (GANForge's data
order policy, with PyTorch's generator). Every --eval-every steps and at the end, the generator
in eval mode (BatchNorm's running statistics, as GANForge serves) writes --eval-samples PNGs to
OUT/step-NNNNNN/ and one line {"step", "trainSeconds"} to OUT/curve.jsonl, where trainSeconds is
the wall-clock time spent training so far, without the sample writing; the final model also
writes --final-samples PNGs to OUT/final/. Score them with
  ganforge evaluate --data-root /usr/share/datasets --data-root OUT --images folder:final \
      --against fashion-mnist --image-size 32 --samples 5000
bench/parity.sh runs both implementations this way and bench/parity_table.py summarises them.
Needs OpenBLAS behind libblas.so.3 (apt-get install -y libopenblas0-pthread): with Debian's
default netlib BLAS the reference is about 12x slower.
"""
import argparse, gzip, json, math, os, struct, time

import torch
import torch.nn as nn
import torch.nn.functional as F


class SubPixelConvTranspose(nn.Module):
    """ConvTranspose2d(k=4, s=2, p=1, bias=False) as one 2x2 convolution with 4*Cout filters and a
    pixel interleave, the decomposition GANForge uses."""

    def __init__(self, cin, cout):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(cin, cout, 4, 4))
        self.cout = cout

    def forward(self, x):
        n, _, h, w = x.shape
        wf = self.weight.flip(2, 3)  # (Cin, Cout, 4, 4)
        k = wf.reshape(wf.shape[0], self.cout, 2, 2, 2, 2)  # ci, co, r, a, c, b  (row = 2r + a)
        k = k.permute(3, 5, 1, 0, 2, 4).reshape(4 * self.cout, wf.shape[0], 2, 2)
        y = F.conv2d(x, k, padding=1)  # (N, 4*Cout, H+1, W+1)
        phases = []
        for a in range(2):
            for b in range(2):
                p = a * 2 + b
                phases.append(y[:, p * self.cout:(p + 1) * self.cout, a:a + h, b:b + w])
        out = torch.stack(phases, 0).reshape(2, 2, n, self.cout, h, w)
        return out.permute(2, 3, 4, 0, 5, 1).reshape(n, self.cout, 2 * h, 2 * w)


def up(cin, cout, subpixel):
    return SubPixelConvTranspose(cin, cout) if subpixel else nn.ConvTranspose2d(cin, cout, 4, 2, 1, bias=False)


def generator(nz, ngf, nc, size, subpixel):
    stages = int(math.log2(size)) - 2
    width = ngf * 2 ** (stages - 1)
    layers = [nn.ConvTranspose2d(nz, width, 4, 1, 0, bias=False), nn.BatchNorm2d(width), nn.ReLU(True)]
    for _ in range(1, stages):
        layers += [up(width, width // 2, subpixel), nn.BatchNorm2d(width // 2), nn.ReLU(True)]
        width //= 2
    layers += [up(width, nc, subpixel), nn.Tanh()]
    return nn.Sequential(*layers)


def discriminator(ndf, nc, size):
    stages = int(math.log2(size)) - 2
    width = ndf
    layers = [nn.Conv2d(nc, width, 4, 2, 1, bias=False), nn.LeakyReLU(0.2, inplace=True)]
    for _ in range(1, stages):
        layers += [nn.Conv2d(width, width * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(width * 2),
                   nn.LeakyReLU(0.2, inplace=True)]
        width *= 2
    layers += [nn.Conv2d(width, 1, 4, 1, 0, bias=False), nn.Flatten(0)]
    return nn.Sequential(*layers)


def weights_init(m):
    if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, SubPixelConvTranspose)):
        nn.init.normal_(m.weight, 0.0, 0.02)
    elif isinstance(m, nn.BatchNorm2d):
        nn.init.normal_(m.weight, 1.0, 0.02)
        nn.init.zeros_(m.bias)


def load_idx(path, size):
    with gzip.open(path, "rb") as f:
        _, n, h, w = struct.unpack(">IIII", f.read(16))
        x = torch.frombuffer(bytearray(f.read()), dtype=torch.uint8).reshape(n, 1, h, w).float()
    x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False)
    return x / 127.5 - 1


def blas():
    # Debian's torch links the generic libblas.so.3, which update-alternatives points at the
    # reference BLAS or OpenBLAS; the training script records that link as "libblas".
    import re
    match = re.search(r"BLAS_INFO=(\w+)", torch.__config__.show())
    return match.group(1) if match else "unknown"


def write_samples(g, nz, count, directory):
    from PIL import Image
    os.makedirs(directory, exist_ok=True)
    g.eval()
    with torch.no_grad():
        for start in range(0, count, 500):
            n = min(500, count - start)
            x = ((g(torch.randn(n, nz, 1, 1)) + 1) * 127.5).round().clamp(0, 255).to(torch.uint8)
            for i in range(n):
                Image.fromarray(x[i, 0].numpy(), mode="L").save(os.path.join(directory, "%05d.png" % (start + i)))
    g.train()


def train_epochs(a, g, step):
    data = load_idx(os.path.join(a.data, "train-images-idx3-ubyte.gz"), a.image_size)
    per_epoch = data.shape[0] // a.batch_size
    total = a.epochs * per_epoch
    os.makedirs(a.out, exist_ok=True)
    curve = open(os.path.join(a.out, "curve.jsonl"), "w")
    trained = 0.0
    s = 0
    for _ in range(a.epochs):
        order = torch.randperm(data.shape[0])
        for b in range(per_epoch):
            t = time.perf_counter()
            lossd, lossg, _, _ = step(data[order[b * a.batch_size:(b + 1) * a.batch_size]])
            trained += time.perf_counter() - t
            s += 1
            if (a.eval_every and s % a.eval_every == 0) or s == total:
                write_samples(g, a.nz, a.eval_samples, os.path.join(a.out, "step-%06d" % s))
                line = {"step": s, "trainSeconds": round(trained, 3), "lossD": round(lossd, 4), "lossG": round(lossg, 4)}
                curve.write(json.dumps(line) + "\n")
                curve.flush()
                print(json.dumps(line), flush=True)
    write_samples(g, a.nz, a.final_samples, os.path.join(a.out, "final"))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--image-size", type=int, default=64)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--nz", type=int, default=100)
    p.add_argument("--ngf", type=int, default=64)
    p.add_argument("--ndf", type=int, default=64)
    p.add_argument("--iters", type=int, default=10)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--subpixel", action="store_true")
    p.add_argument("--train-steps", type=int, default=0, help="train on --data and print losses")
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--samples", help="with --train-steps: write an 8x8 grid PNG of the last samples here")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--epochs", type=int, default=0, help="train for this many epochs (see the docstring)")
    p.add_argument("--eval-every", type=int, default=0)
    p.add_argument("--eval-samples", type=int, default=2000)
    p.add_argument("--final-samples", type=int, default=5000)
    p.add_argument("--out", help="with --epochs: where sample sets and curve.jsonl go")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    g = generator(a.nz, a.ngf, 1, a.image_size, a.subpixel)
    d = discriminator(a.ndf, 1, a.image_size)
    g.apply(weights_init)
    d.apply(weights_init)
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    bce = nn.BCEWithLogitsLoss()

    def step(real):
        n = real.shape[0]
        # (1) Update D network: maximize log(D(x)) + log(1 - D(G(z)))
        d.zero_grad()
        out_real = d(real)
        err_real = bce(out_real, torch.ones(n))
        noise = torch.randn(n, a.nz, 1, 1)
        fake = g(noise)
        out_fake = d(fake.detach())
        err_fake = bce(out_fake, torch.zeros(n))
        (err_real + err_fake).backward()
        opt_d.step()
        # (2) Update G network: maximize log(D(G(z)))
        g.zero_grad()
        out = d(fake)
        err_g = bce(out, torch.ones(n))
        err_g.backward()
        opt_g.step()
        return ((err_real + err_fake).item(), err_g.item(), torch.sigmoid(out_real).mean().item(),
                torch.sigmoid(out_fake).mean().item())

    if a.epochs:
        train_epochs(a, g, step)
        return

    if a.train_steps:
        data = load_idx(os.path.join(a.data, "train-images-idx3-ubyte.gz"), a.image_size)
        order = torch.randperm(data.shape[0])
        for s in range(1, a.train_steps + 1):
            idx = order[(s - 1) * a.batch_size % data.shape[0]:][:a.batch_size]
            lossd, lossg, dx, dgz = step(data[idx])
            if s % 50 == 0:
                with torch.no_grad():
                    g.eval()
                    std = g(torch.randn(64, a.nz, 1, 1)).std().item()
                    g.train()
                print(json.dumps({"step": s, "lossD": round(lossd, 4), "lossG": round(lossg, 4),
                                  "Dx": round(dx, 4), "DGz": round(dgz, 4), "sampleStd": round(std, 3)}), flush=True)
        if a.samples:
            from PIL import Image
            g.eval()
            with torch.no_grad():
                x = ((g(torch.randn(64, a.nz, 1, 1)) + 1) * 127.5).clamp(0, 255).to(torch.uint8)
            grid = x.reshape(8, 8, a.image_size, a.image_size).permute(0, 2, 1, 3).reshape(8 * a.image_size, -1)
            Image.fromarray(grid.numpy(), mode="L").save(a.samples)
        return

    real = torch.rand(a.batch_size, 1, a.image_size, a.image_size) * 2 - 1
    for _ in range(a.warmup):
        step(real)
    t = time.perf_counter()
    for _ in range(a.iters):
        step(real)
    ms_iter = (time.perf_counter() - t) / a.iters * 1000
    g.eval()
    gen = {}
    with torch.no_grad():
        for b in (1, 16, 64):
            z = torch.randn(b, a.nz, 1, 1)
            g(z)
            reps = max(3, 64 // b)
            t = time.perf_counter()
            for _ in range(reps):
                g(z)
            gen[str(b)] = round(b * reps / (time.perf_counter() - t), 1)
    print(json.dumps({"impl": "pytorch" + ("-subpixel" if a.subpixel else ""), "torch": torch.__version__,
                      "blas": blas(), "threads": torch.get_num_threads(), "imageSize": a.image_size,
                      "batchSize": a.batch_size, "msPerIteration": round(ms_iter, 1), "generatorImagesPerSecond": gen}))


if __name__ == "__main__":
    main()
