# Fixture for tests/unit/quality/surveyors.test.ts: the intra-interviewer correlation of a score from R's one-way
# ANOVA (aov), with unequal workloads, and binomial tails from pbinom. Run: Rscript scripts/r/quality-icc.R
set.seed(2024)
k <- 7
sizes <- c(12, 30, 5, 22, 18, 40, 9)
surveyor <- factor(rep(sprintf("S%d", 1:k), sizes))
effect <- rnorm(k, 0, 6)[as.integer(surveyor)]
score <- round(55 + effect + rnorm(sum(sizes), 0, 12), 1)
fit <- summary(aov(score ~ surveyor))[[1]]
msb <- fit[["Mean Sq"]][1]
msw <- fit[["Mean Sq"]][2]
N <- sum(sizes)
n0 <- (N - sum(sizes^2) / N) / (k - 1)
rho <- (msb - msw) / (msb + (n0 - 1) * msw)
tails <- data.frame(x = c(5, 12, 1, 30, 0), n = c(40, 40, 10, 200, 7), p = c(0.05, 0.1, 0.02, 0.12, 0.3))
tails$upper <- ifelse(tails$x <= 0, 1, pbinom(tails$x - 1, tails$n, tails$p, lower.tail = FALSE))
out <- list(
  surveyor = as.character(surveyor), score = score, msb = msb, msw = msw, n0 = n0, rho = rho,
  tails = tails, r_version = R.version.string
)
writeLines(jsonlite::toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "tests/fixtures/quality/icc.json")
