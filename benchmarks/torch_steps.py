"""PyTorch CPU, one thread: the median time of one training step of the two §2.7 models with the shapes of
examples/06-char-transformer.mjs and examples/07-digits-cnn.mjs (the rows 'transformer-step' and 'cnn-step' of
benchmarks/run.mjs). Measured by hand, not in CI:

  /usr/bin/python3 benchmarks/torch_steps.py     (PyTorch 1.13)

Writes benchmarks/results/torch-steps.json, which run.mjs reads as the reference of those rows.
"""
import json
import os
import platform
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
torch.manual_seed(0)


class Block(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.ln1 = nn.LayerNorm(width)
        self.attn = nn.MultiheadAttention(width, heads, batch_first=True)
        self.ln2 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(nn.Linear(width, 4 * width), nn.GELU(), nn.Linear(4 * width, width))

    def forward(self, x, mask):
        h = self.ln1(x)
        x = x + self.attn(h, h, h, attn_mask=mask, need_weights=False)[0]
        return x + self.mlp(self.ln2(x))


class CharTransformer(nn.Module):
    def __init__(self, vocab, context, width, heads, layers):
        super().__init__()
        self.tokens = nn.Embedding(vocab, width)
        self.positions = nn.Embedding(context, width)
        self.blocks = nn.ModuleList([Block(width, heads) for _ in range(layers)])
        self.ln_f = nn.LayerNorm(width)
        self.head = nn.Linear(width, vocab)

    def forward(self, idx):
        t = idx.shape[1]
        mask = torch.triu(torch.ones(t, t, dtype=torch.bool), 1)  # True = not allowed (causal)
        x = self.tokens(idx) + self.positions(torch.arange(t))
        for block in self.blocks:
            x = block(x, mask)
        return self.head(self.ln_f(x))


def median_ms(step, warmup=5, repeats=40):
    for _ in range(warmup):
        step()
    times = []
    for _ in range(repeats):
        t0 = time.process_time()  # CPU time of this (single-threaded) process: robust to a loaded machine
        step()
        times.append((time.process_time() - t0) * 1e3)
    times.sort()
    return times[len(times) // 2]


# Example 06's defaults: vocabulary 61, context 32, batch 32, width 64, 4 heads, 2 layers; AdamW, clipping at 1.
V, T, B = 61, 32, 32
gpt = CharTransformer(V, T, 64, 4, 2)
opt_t = torch.optim.AdamW(gpt.parameters(), lr=3e-3, weight_decay=0.01, betas=(0.9, 0.98))
x_t = torch.randint(0, V, (B, T))
y_t = torch.randint(0, V, (B, T))


def transformer_step():
    opt_t.zero_grad()
    loss = F.cross_entropy(gpt(x_t).reshape(-1, V), y_t.reshape(-1))
    loss.backward()
    torch.nn.utils.clip_grad_norm_(gpt.parameters(), 1.0)
    opt_t.step()


# Example 07: batch 64 of 1×8×8 images, Adam.
cnn = nn.Sequential(
    nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Dropout(0.25), nn.Linear(128, 10),
)
opt_c = torch.optim.Adam(cnn.parameters(), lr=5e-3)
x_c = torch.rand(64, 1, 8, 8)
y_c = torch.randint(0, 10, (64,))


def cnn_step():
    opt_c.zero_grad()
    F.cross_entropy(cnn(x_c), y_c).backward()
    opt_c.step()


out = {
    'torch': torch.__version__,
    'threads': torch.get_num_threads(),
    'machine': platform.processor() or platform.machine(),
    'measured': time.strftime('%Y-%m-%d', time.gmtime()),
    'load average at start': os.getloadavg()[0],
    'transformer-step': median_ms(transformer_step),
    'cnn-step': median_ms(cnn_step),
}
path = os.path.join(os.path.dirname(__file__), 'results', 'torch-steps.json')
with open(path, 'w') as f:
    json.dump(out, f, indent=2)
    f.write('\n')
print(json.dumps(out, indent=2))
