"""Temperature scaling (Guo et al. 2017) fitted with LBFGS on the validation NLL."""
import torch
import torch.nn.functional as F


def fit_temperature(logits: torch.Tensor, y: torch.Tensor) -> dict:
    logits = logits.double()
    log_t = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([log_t], lr=0.1, max_iter=500, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = F.cross_entropy(logits / log_t.exp(), y)
        loss.backward()
        return loss

    opt.step(closure)
    t = float(log_t.exp())
    with torch.no_grad():
        before = float(F.cross_entropy(logits, y))
        after = float(F.cross_entropy(logits / t, y))
    return {"temperature": t, "nll_before": before, "nll_after": after}


def fit_temperature_bce(logits: torch.Tensor, y: torch.Tensor) -> dict:
    """One shared temperature for a sigmoid multi-label head (mean binary cross-entropy)."""
    logits, y = logits.double(), y.double()
    log_t = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([log_t], lr=0.1, max_iter=500, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = F.binary_cross_entropy_with_logits(logits / log_t.exp(), y)
        loss.backward()
        return loss

    opt.step(closure)
    t = float(log_t.exp())
    with torch.no_grad():
        before = float(F.binary_cross_entropy_with_logits(logits, y))
        after = float(F.binary_cross_entropy_with_logits(logits / t, y))
    return {"temperature": t, "nll_before": before, "nll_after": after}
