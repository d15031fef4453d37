void refreshConfig();
void saveState();
void flushNow();
