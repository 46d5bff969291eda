#include <cstdio>

int main() {
  std::puts("attnviz " ATTNVIZ_VERSION);
  return 0;
}
