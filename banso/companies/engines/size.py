"""Company size for the local benchmark (docs/domain.md §3.2, Banso rule).

小規模事業者 when 従業員数 ≤ 20, or ≤ 5 in commerce and services (中小企業基本法's 小規模企業者);
otherwise 中規模事業者. The supporter may override per company. The thresholds and the list of
commerce/service industries are settings (BANSO_SMALL_*), passed in here so this stays plain Python.
"""

MEDIUM = "medium"
SMALL = "small"
SIZE_LABELS = {MEDIUM: "中規模事業者", SMALL: "小規模事業者"}
SIZE_CHOICES = list(SIZE_LABELS.items())


def size_for(
    *,
    industry_code: str,
    employees: int,
    commerce_service_industries,
    small_max: int = 20,
    small_commerce_max: int = 5,
    override: str | None = None,
) -> str:
    if override in SIZE_LABELS:
        return override
    limit = small_commerce_max if industry_code in commerce_service_industries else small_max
    return SMALL if employees <= limit else MEDIUM
