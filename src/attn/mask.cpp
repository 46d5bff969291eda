// Combining the three mask sources into one [N, M] matrix (1 = masked).
#include "attn/mask.hpp"

#include <algorithm>

namespace attn {

bool masksNothing(const Inputs& in) {
  return in.mask.kind == MaskKind::None && in.explicit_mask.size() == 0 && in.key_padding.empty();
}

// mask: [N, M]; query i = row, key j = column. Row-wise fills so that large masks stay cheap.
void buildMaskInto(const Inputs& in, int n, int m, MaskMatrix& mask) {
  mask.resize(n, m);
  mask.setZero();
  for (int i = 0; i < n; ++i) {
    uint8_t* row = mask.row(i).data();
    switch (in.mask.kind) {
      case MaskKind::None:
        break;
      case MaskKind::Causal:  // torch.tril keeps j <= i
        if (i + 1 < m) std::fill(row + i + 1, row + m, uint8_t{1});
        break;
      case MaskKind::Local: {  // keep |i - j| <= window
        const long lo = std::clamp<long>(long{i} - in.mask.window, 0, m);
        const long hi = std::clamp<long>(long{i} + in.mask.window + 1, 0, m);
        std::fill(row, row + lo, uint8_t{1});
        std::fill(row + hi, row + m, uint8_t{1});
        break;
      }
    }
    if (in.explicit_mask.size() != 0) {
      const uint8_t* extra = in.explicit_mask.row(i).data();
      for (int j = 0; j < m; ++j)
        row[j] = static_cast<uint8_t>(row[j] | (extra[j] != 0));
    }
    if (!in.key_padding.empty()) {
      const uint8_t* pad = in.key_padding.data();
      for (int j = 0; j < m; ++j)
        row[j] = static_cast<uint8_t>(row[j] | (pad[j] != 0));
    }
  }
}

MaskMatrix buildMask(const Inputs& in, int n, int m) {
  MaskMatrix mask;
  buildMaskInto(in, n, m, mask);
  return mask;
}

}  // namespace attn
