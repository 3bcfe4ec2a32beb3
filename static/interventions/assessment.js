// Assessment form: ask only what each instrument's rules ask (instruments.md). The page works without this:
// the server applies the same rules (PC-PTSD-5 gate No ends the screen; CRAFFT with no days asks only CAR).
document.addEventListener("DOMContentLoaded", function () {
  function show(element, visible) {
    element.hidden = !visible;
    if (!visible) {
      element.querySelectorAll("input[type=radio]").forEach(function (radio) { radio.checked = false; });
    }
  }

  function ptsdGate(section) {
    const checked = section.querySelector("input[name='pc-ptsd-5-gate']:checked");
    section.querySelectorAll("[data-gated]").forEach(function (items) {
      show(items, Boolean(checked) && checked.value === "1");
    });
  }

  function crafftPartA(section) {
    const days = ["alcohol_days", "marijuana_days", "other_days"].map(function (key) {
      return section.querySelector("[name='crafft-" + key + "']").value.trim();
    });
    const onlyCar = days.every(function (value) { return value === "0"; });
    for (let number = 2; number <= 6; number += 1) {
      const item = section.querySelector("#div_id_crafft-item_" + number);
      if (item) { show(item, !onlyCar); }
    }
  }

  const ptsd = document.querySelector("[data-instrument='PC-PTSD-5']");
  if (ptsd) {
    ptsd.addEventListener("change", function () { ptsdGate(ptsd); });
    ptsdGate(ptsd);
  }
  const crafft = document.querySelector("[data-instrument='CRAFFT']");
  if (crafft) {
    crafft.addEventListener("input", function () { crafftPartA(crafft); });
    crafftPartA(crafft);
  }
});
