# An independent implementation of the Fay–Herriot EBLUP in base R (no sae package), for
# tests/unit/survey/sae/fay-herriot.test.ts: the variance of the area effects A is found by maximizing the
# restricted (REML) or full (ML) log-likelihood directly with optimize() — not by Fisher scoring as scilit does —
# then β̂ by GLS, the EBLUP, and the MSE g1 + g2 + 2 g3 (Prasad–Rao / Datta–Lahiri; for ML minus the bias of Â
# times (ψ/(A + ψ))², Datta & Lahiri 2000).
# Usage: Rscript scripts/r/sae/fay-herriot.R [SEED ...]   (default seeds 11 22 33; the acceptance run uses others)
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "..", "core",
                 "common.R"))
seeds <- as.integer(commandArgs(trailingOnly = TRUE))
if (length(seeds) == 0) seeds <- c(11L, 22L, 33L)
out_dir <- normalizePath(file.path(fixture_dir(), "..", "sae"), mustWork = FALSE)
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)

fh_fit <- function(y, psi, X, method) {
  gls <- function(A) {
    vi <- 1 / (A + psi)
    XtViX <- crossprod(X, vi * X)
    Q <- solve(XtViX)
    beta <- Q %*% crossprod(X, vi * y)
    r <- as.vector(y - X %*% beta)
    list(vi = vi, Q = Q, beta = as.vector(beta), r = r, XtViX = XtViX)
  }
  loglik <- function(A) {
    g <- gls(A)
    l <- -0.5 * (sum(log(A + psi)) + sum(g$r^2 * g$vi))
    if (method == "REML") l <- l - 0.5 * as.numeric(determinant(g$XtViX, logarithm = TRUE)$modulus)
    l
  }
  upper <- 10 * (var(y) + max(psi))
  A <- optimize(loglik, c(0, upper), maximum = TRUE, tol = 1e-13)$maximum
  if (loglik(0) >= loglik(A)) A <- 0
  g <- gls(A)
  gamma <- A / (A + psi)
  B <- psi * g$vi
  h <- rowSums((X %*% g$Q) * X)
  vbar <- 2 / sum(g$vi^2)
  bias <- if (method == "ML") -sum(diag(g$Q %*% crossprod(X, g$vi^2 * X))) / sum(g$vi^2) else 0
  mse <- gamma * psi + B^2 * h + 2 * B^2 * g$vi * vbar - bias * B^2
  list(A = A, beta = g$beta, eblup = as.vector(X %*% g$beta) + gamma * g$r, mse = mse)
}

cases <- list()
for (seed in seeds) {
  set.seed(seed)
  D <- sample(30:60, 1)
  X <- cbind(1, runif(D, 0.1, 0.6), rnorm(D))
  beta <- c(-1.5, 2, 0.3)
  psi <- runif(D, 0.005, 0.08)
  y <- as.vector(X %*% beta) + rnorm(D, 0, sqrt(0.03)) + rnorm(D, 0, sqrt(psi))
  for (method in c("REML", "ML")) {
    f <- fh_fit(y, psi, X, method)
    cases[[length(cases) + 1]] <- list(seed = seed, method = method, mse = if (method == "ML") "datta-lahiri" else "prasad-rao",
                                       p = ncol(X), y = y, psi = psi, x = as.vector(t(X)),
                                       A = f$A, beta = f$beta, eblup = f$eblup, mse_values = f$mse)
  }
}
write_json_fixture(list(generated_by = "scripts/r/sae/fay-herriot.R", seeds = seeds, cases = cases),
                   file.path(out_dir, "fh-cases.json"))
cat(length(cases), "Fay-Herriot cases written\n")
