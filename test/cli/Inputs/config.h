constexpr int kTickSeconds = 1;
