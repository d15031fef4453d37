//===--- ExtractorImpl.h - The extractor's AST visitor ----------*- C++ -*-===//
//
// Internal to checks/extract: the class behind extractFacts(). Its member
// functions are defined in three files:
//
//   Extractor.cpp       the traversal (functions, lambdas, loops, fork
//                       branches) and the Visit* hooks
//   ExtractCalls.cpp    what a call means, by the catalog; destructor edges
//   ExtractStorage.cpp  function pointers kept in fields and globals, what a
//                       handler expression stands for, descriptor keys
//
//===----------------------------------------------------------------------===//
#ifndef STALLSCAN_EXTRACT_EXTRACTORIMPL_H
#define STALLSCAN_EXTRACT_EXTRACTORIMPL_H

#include "extract/DeadBranches.h"
#include "extract/LockClassifier.h"
#include "extract/Names.h"
#include "extract/ObjectRefs.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace stallscan {
class Catalog;
struct CatalogEntry;
struct CatalogMatch;
struct TUSummary;

namespace extract_detail {

/// One AST pass over the user code of a TU, appending its facts to a
/// TUSummary (see Extractor.cpp).
class Extractor : public clang::RecursiveASTVisitor<Extractor> {
  using Base = clang::RecursiveASTVisitor<Extractor>;

public:
  Extractor(clang::ASTContext &Ctx, const Catalog &Cat, TUSummary &Out);

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldWalkTypesOfTypeLocs() const { return false; }

  // Traversal (Extractor.cpp).
  bool TraverseDecl(clang::Decl *D);
  bool TraverseLambdaExpr(clang::LambdaExpr *L);
  bool TraverseWhileStmt(clang::WhileStmt *S);
  bool TraverseDoStmt(clang::DoStmt *S);
  bool TraverseForStmt(clang::ForStmt *S);
  bool TraverseCXXForRangeStmt(clang::CXXForRangeStmt *S);
  bool TraverseIfStmt(clang::IfStmt *S);
  bool VisitCallExpr(clang::CallExpr *CE);
  bool VisitCXXConstructExpr(clang::CXXConstructExpr *E);
  bool VisitCXXDeleteExpr(clang::CXXDeleteExpr *E);
  bool VisitVarDecl(clang::VarDecl *VD);
  bool VisitBinaryOperator(clang::BinaryOperator *BO);
  bool VisitDeclRefExpr(clang::DeclRefExpr *DRE);
  bool VisitCoawaitExpr(clang::CoawaitExpr *E);
  bool VisitCoyieldExpr(clang::CoyieldExpr *E);
  bool VisitReturnStmt(clang::ReturnStmt *S);

  // Function-pointer storage (ExtractStorage.cpp).
  bool VisitInitListExpr(clang::InitListExpr *ILE);
  bool VisitVarDecl_Storage(clang::VarDecl *VD);

  /// Prefixes exported names with the TU's module (ExtractEntryLocks.cpp).
  void qualifyExports();

private:
  struct Frame {
    std::string Id;
    std::vector<int> Reactors; ///< enclosing reactor loops, innermost last
    int InChild = 0;           ///< inside the child branch of a fork
    int InConsoleLoop = 0;     ///< inside a loop waiting on standard input
    int InLoop = 0;            ///< loops of this function around here
    int InAcceptLoop = 0;      ///< inside a loop that accepts connections
    int ReadsStdin = -1;       ///< the function names STDIN_FILENO (lazy)
    const clang::FunctionDecl *FD = nullptr;
    bool HasLockOps = false; ///< run the lock dataflow at exit
    bool InstallsSignals = false; ///< calls sigaction() or signal()
    std::vector<std::string> OnceFlags; ///< enclosing one-shot blocks' flags
    /// Bodies of the threads this function started so far (source order).
    std::vector<const clang::FunctionDecl *> StartedBodies;
    enum FactKind { CallK, BlockingK, SuspendK };
    std::vector<std::tuple<const clang::Stmt *, FactKind, size_t>> Facts;
    /// Statements on branches that end the process (DeadBranches.h),
    /// computed on the first call of the function.
    std::optional<llvm::DenseSet<const clang::Stmt *>> Fatal;
    /// Calls that run an event loop here (RunnerFact): what follows the
    /// loop around them runs once it has returned.
    std::vector<const clang::Stmt *> RunnerSites;
    /// Per parameter: how often it is named, how often only to be stored
    /// into a field or global or compared, and where it is stored.
    struct ParamUse {
      unsigned Uses = 0, StoredOrCompared = 0;
      std::vector<std::string> Storages;
    };
    llvm::DenseMap<const clang::ParmVarDecl *, ParamUse> Params;
  };

  // Functions, loops and forks (Extractor.cpp).
  bool isForkCall(const clang::Expr *E);
  bool isForkResult(const clang::Expr *E);
  int forkChildBranch(const clang::Expr *Cond);
  int currentReactor() const {
    return Frames.back().Reactors.empty() ? -1 : Frames.back().Reactors.back();
  }
  void enterFunction(clang::FunctionDecl *FD);
  /// A call to an allocation function of the catalog (malloc, strdup...).
  bool isAllocationCall(const clang::Stmt *S) const;
  bool onFatalPath(const clang::Stmt *S);
  /// Argument facts (ExtractArgs.cpp): CallFact::Args, BlockingFact's
  /// GuardParam, OffloadFact::Singleton.
  std::string knownArgs(llvm::ArrayRef<const clang::Expr *> Args);
  int guardParam(const clang::Stmt *S);
  bool startsSingletonThread(const clang::Expr *E,
                             llvm::ArrayRef<const clang::Expr *> Args);
  int unchangedParam(const clang::Expr *E, bool AnyType = false);
  int pathParam(const clang::Expr *E);
  bool pseudoPathArg(const clang::Expr *A,
                     const std::vector<std::string> &Names);
  bool pathBufferMatches(const clang::VarDecl *VD,
                         const std::vector<std::string> &Names);
  bool pseudoStream(const clang::Expr *A);
  bool startHandshake(llvm::ArrayRef<const clang::Expr *> Args);
  bool opensPseudoPath(const clang::Expr *E);
  llvm::DenseMap<const clang::VarDecl *, bool> PseudoStreams;
  int conjunctParam(const clang::Expr *Cond);
  llvm::DenseMap<const clang::ParmVarDecl *, bool> ParamChanged;
  /// Per local character buffer: the literal prefixes of the formats it is
  /// written with, or std::nullopt when it is written some other way.
  llvm::DenseMap<const clang::VarDecl *,
                 std::optional<std::vector<std::string>>>
      BufferFormats;
  bool afterLoopReturned(const clang::Stmt *S);
  const clang::VarDecl *onceFlag(const clang::IfStmt *S);
  void recordCrashHandlers(const clang::FunctionDecl *FD);
  bool readsStandardInput();
  /// The current function dispatches ready events after \p Wait: one turn
  /// of an event loop (Extractor.cpp).
  bool dispatchesAfter(const clang::Expr *Wait);
  void exitFunction();
  template <typename Fn>
  bool traverseLoop(std::initializer_list<clang::Stmt *> Parts,
                    Fn TraverseBase);
  void addCall(std::string Callee, clang::SourceLocation L, bool Virtual,
               bool Callback, const clang::Stmt *Site = nullptr);
  void addSuspend(const char *Op, const clang::Stmt *S);
  void addAwaiterCalls(const clang::CoroutineSuspendExpr *E);
  void recordResumeOnPool(const clang::FunctionDecl *FD, const std::string &Id);

  // Calls (ExtractCalls.cpp).
  /// The catalog's entries of a section for a function known by Names,
  /// without those whose if_signature FD's declaration does not match.
  std::vector<CatalogMatch> lookupDecl(Section S,
                                       const std::vector<std::string> &Names,
                                       const clang::FunctionDecl *FD) const;
  /// Whether the object of the call E is a future already resolved, by
  /// the blocking entry's unless_object_ready.
  bool objectReady(const clang::Expr *E, const clang::Expr *Object,
                   const ObjectReadyCondition &C);
  /// Whether Object, the loop a registration E is made on, is a private
  /// worker's (the catalog entry's offload_if_object_from, From).
  bool privateWorkerLoop(const clang::Expr *E, const clang::Expr *Object,
                         const std::vector<std::string> &From);
  /// Per From list: the fields whose loop the TU passes to another call.
  std::map<std::vector<std::string>, llvm::DenseSet<const clang::FieldDecl *>>
      HandedOutLoops;
  void handleCall(const clang::Expr *E, const clang::FunctionDecl *Callee,
                  llvm::ArrayRef<const clang::Expr *> Args,
                  clang::SourceLocation L, bool Virtual,
                  const clang::Expr *Object);
  void recordLockArgs(const clang::FunctionDecl *Callee,
                      llvm::ArrayRef<const clang::Expr *> Args);
  void recordObjects(const clang::Expr *E, const clang::FunctionDecl *Callee,
                     llvm::ArrayRef<const clang::Expr *> Args);
  ObjectRef boundReceiver(const clang::Expr *H,
                          llvm::ArrayRef<const clang::Expr *> Args,
                          unsigned Depth = 0);
  bool isAsyncInitiation(const clang::FunctionDecl *FD);
  void addDestructorEdge(const clang::CXXRecordDecl *RD,
                         clang::SourceLocation L, bool Virtual,
                         unsigned Depth = 0);
  void addMemberDestructorEdges(const clang::CXXRecordDecl *RD,
                                clang::SourceLocation L, unsigned Depth);

  // Storage and descriptors (ExtractStorage.cpp).
  std::string storageKey(const clang::Expr *E);
  const clang::FunctionDecl *functionValue(const clang::Expr *E);
  void recordStore(const clang::Expr *LHS, const clang::Expr *RHS);
  void recordHandlerField(const clang::FieldDecl *F,
                          const clang::FunctionDecl *Handler,
                          const clang::Expr *Value,
                          const clang::InitListExpr *Init = nullptr);
  bool recordCallableField(const clang::FieldDecl *F, const clang::Expr *Value,
                           const std::string &Caller);
  void recordHandlerOverrides(const clang::CXXMethodDecl *MD);
  void recordBaseConstructorHandler(const clang::CXXConstructorDecl *CD);
  void recordEntryFunction(const clang::FunctionDecl *FD);
  void templateArgTargets(const clang::FunctionDecl *Callee,
                          std::vector<std::string> &Out);

  // Functions a runtime enters with its lock held (ExtractEntryLocks.cpp).
  void recordEntryLocks(const CatalogEntry &En, const std::string &Api,
                        const std::vector<const clang::Expr *> &Handlers,
                        llvm::ArrayRef<const clang::Expr *> Args,
                        const clang::Expr *Object);
  void recordEntryLockField(const CatalogMatch &M, const clang::FieldDecl *F,
                            const clang::FunctionDecl *Handler,
                            const clang::Expr *Value,
                            const clang::InitListExpr *Init);
  void recordIndirectCall(const clang::CallExpr *CE);
  /// Arms of ifs asked about by onFailureReport, and what they are.
  llvm::DenseMap<const clang::Stmt *, bool> ReportArms;
  /// Callable wrappers kept in fields (ExtractStorage.cpp): a
  /// std::function member set by a setter and called later.
  bool isCallableWrapper(clang::QualType T);
  const std::vector<std::string> &
  storedCallableFields(const clang::FunctionDecl *Callee, unsigned I);
  void recordCallableStores(const clang::FunctionDecl *Callee,
                            llvm::ArrayRef<const clang::Expr *> Args);
  void recordCallableValue(const clang::Expr *Value,
                           const std::vector<std::string> &Keys);
  std::map<std::pair<const clang::FunctionDecl *, unsigned>,
           std::vector<std::string>>
      CallableSetters;
  void resolveTargets(const clang::Expr *E, std::vector<std::string> &Out,
                      unsigned Depth = 0,
                      llvm::DenseSet<const clang::Stmt *> *ClaimSet = nullptr);
  bool isFileOpen(const clang::Expr *E);
  std::string fdKey(const clang::VarDecl *VD);
  std::string fdKeyOf(const clang::Expr *E);
  // Descriptor flow (ExtractStorage.cpp).
  std::string descriptorKey(const clang::Expr *E);
  bool isNonBlockingResult(const clang::Expr *E);
  void recordFdCopy(const clang::Expr *From, const std::string &To,
                    clang::QualType ToType);
  void recordNonBlockingSetters(const clang::CallExpr *CE,
                                const clang::FunctionDecl *Callee,
                                llvm::ArrayRef<const clang::Expr *> Args,
                                const std::vector<std::string> &Names);

  clang::ASTContext &Ctx;
  const Catalog &Cat;
  TUSummary &Out;
  FunctionIds Ids;
  ObjectResolver Objects;
  LockClassifier Locks;
  ConstantConditions Constants;
  std::vector<Frame> Frames;
  llvm::DenseSet<const clang::Stmt *>
      Claimed; ///< handler args of registrations/offloads
  llvm::DenseSet<const clang::Stmt *> Stored; ///< callables stored in variables
  llvm::DenseSet<const clang::Stmt *> Compared; ///< functions only compared
  llvm::DenseSet<const clang::Decl *>
      ForkVars; ///< variables holding a fork() result
  llvm::DenseMap<const clang::VarDecl *, std::vector<std::string>>
      StoredCallables;
  /// The class of the object an argument points to or is (none for a
  /// lambda, a function or a member pointer).
  const clang::CXXRecordDecl *objectRecordOf(const clang::Expr *E);
  void methodsNamedBy(const clang::Expr *H, const clang::CXXRecordDecl *Receiver,
                      std::vector<std::string> &Targets);
  llvm::DenseSet<const clang::Expr *> CalleeRefs;
  /// Parameters named as the value of a store (`io->cb = cb`).
  llvm::DenseSet<const clang::Stmt *> StoredParamRefs;
  /// Functions passed as an argument to an analysed function: {its id,
  /// the argument's index}, for CallFact::PassedTo.
  llvm::DenseMap<const clang::Stmt *, std::pair<std::string, unsigned>>
      PassedArgs;
  /// Callables passed to a catalogued synchronous caller (std::for_each,
  /// std::sort...): the call that runs them, whose held locks they inherit.
  llvm::DenseMap<const clang::Stmt *, const clang::Stmt *> SyncSites;
  /// Constructions of a named object (a local, a member in an initializer
  /// list): the constructor's receiver.
  llvm::DenseMap<const clang::Stmt *, ObjectRef> ConstructReceivers;
};

} // namespace extract_detail
} // namespace stallscan

#endif
