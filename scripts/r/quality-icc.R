# Fixture for tests/unit/quality/surveyors.test.ts: the intra-interviewer correlation of a score from R's one-way
# ANOVA (aov), with unequal workloads. Run: Rscript scripts/r/quality-icc.R
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
out <- list(
  surveyor = as.character(surveyor), score = score, msb = msb, msw = msw, n0 = n0, rho = rho,
  r_version = R.version.string
)
writeLines(jsonlite::toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "tests/fixtures/quality/icc.json")
