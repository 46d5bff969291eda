// Combining the three mask sources into one [N, M] matrix (1 = masked).
#include <cstdlib>

#include "attn/attention.hpp"

namespace attn {

// mask: [N, M]; query i = row, key j = column.
MaskMatrix buildMask(const Inputs& in, int n, int m) {
  MaskMatrix mask = MaskMatrix::Zero(n, m);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < m; ++j) {
      bool masked = false;
      switch (in.mask.kind) {
        case MaskKind::None:
          break;
        case MaskKind::Causal:
          masked = j > i;
          break;  // torch.tril keeps j <= i
        case MaskKind::Local:
          masked = std::abs(i - j) > in.mask.window;
          break;
      }
      if (in.explicit_mask.size() != 0 && in.explicit_mask(i, j) != 0) masked = true;
      if (!in.key_padding.empty() && in.key_padding[static_cast<size_t>(j)] != 0) masked = true;
      mask(i, j) = masked ? 1 : 0;
    }
  }
  return mask;
}

}  // namespace attn
