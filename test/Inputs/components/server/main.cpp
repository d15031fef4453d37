// The hand-written half of target 'server': its loop is set up in a
// generated source of the same target (build/server_autogen/loop_gen.cpp).
void startLoop();
int main() { startLoop(); }
