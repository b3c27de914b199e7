// The two §2.7 models of examples 06 and 07, shared with the benchmark suite (benchmarks/run.mjs times one training
// step of each with the examples' shapes).
import { nn, tensor } from 'tapegrad';

/** A pre-LayerNorm transformer block: causal multi-head self-attention and a GELU MLP, each with a residual. */
class Block extends nn.Module {
  constructor(width, heads) {
    super();
    this.ln1 = new nn.LayerNorm(width);
    this.attn = new nn.MultiheadAttention(width, heads, { batchFirst: true });
    this.ln2 = new nn.LayerNorm(width);
    this.mlp = new nn.Sequential(new nn.Linear(width, 4 * width), new nn.GELU(), new nn.Linear(4 * width, width));
  }
  forward(x) {
    const h = this.ln1.forward(x);
    const y = x.add(this.attn.forward(h, h, h, { isCausal: true, needWeights: false })[0]);
    return y.add(this.mlp.forward(this.ln2.forward(y)));
  }
}

/** A character-level causal transformer (a small GPT): [batch, time] int32 codes → [batch, time, vocab] logits. */
export class CharTransformer extends nn.Module {
  constructor({ vocab, context, width, heads, layers }) {
    super();
    this.tokens = new nn.Embedding(vocab, width);
    this.positions = new nn.Embedding(context, width);
    this.blocks = new nn.ModuleList(Array.from({ length: layers }, () => new Block(width, heads)));
    this.lnF = new nn.LayerNorm(width);
    this.head = new nn.Linear(width, vocab);
    // GPT-2's initialization: N(0, 0.02) for the linear and embedding weights.
    this.apply((m) => {
      if (m instanceof nn.Linear || m instanceof nn.Embedding) nn.init.normal_(m.weight, 0, 0.02);
    });
  }
  forward(idx) {
    const pos = tensor(
      Array.from({ length: idx.shape[1] }, (_, i) => i),
      { dtype: 'int32' },
    );
    let x = this.tokens.forward(idx).add(this.positions.forward(pos));
    for (const block of this.blocks) x = block.forward(x);
    return this.head.forward(this.lnF.forward(x));
  }
}

/** The digits CNN: [batch, 1, 8, 8] images → [batch, 10] logits. */
export function digitsCnn() {
  return new nn.Sequential(
    new nn.Conv2d(1, 16, 3, { padding: 1 }),
    new nn.BatchNorm2d(16),
    new nn.ReLU(),
    new nn.MaxPool2d(2), // 16 × 4 × 4
    new nn.Conv2d(16, 32, 3, { padding: 1 }),
    new nn.BatchNorm2d(32),
    new nn.ReLU(),
    new nn.MaxPool2d(2), // 32 × 2 × 2
    new nn.Flatten(),
    new nn.Dropout(0.25),
    new nn.Linear(128, 10),
  );
}
