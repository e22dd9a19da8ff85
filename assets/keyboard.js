// Type-ahead pickers (an input controlling a role="listbox" of role="option" rows):
// ArrowDown/ArrowUp move through the options, Home/End jump, Enter or Space picks
// the focused one, Escape or ArrowUp on the first returns to the input.
(function () {
  function listboxFor(el) {
    const inside = el.closest && el.closest('[role="listbox"]');
    if (inside) return inside;
    const id = el.getAttribute && el.getAttribute("aria-controls");
    const box = id && document.getElementById(id);
    return box && box.getAttribute("role") === "listbox" ? box : null;
  }
  function inputFor(box) {
    return box.id ? document.querySelector('[aria-controls="' + box.id + '"]') : null;
  }
  document.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target;
    const box = listboxFor(target);
    if (!box || box.hasAttribute("data-radix-select-viewport")) return;
    const options = Array.from(box.querySelectorAll('[role="option"]'));
    if (!options.length) return;
    const at = options.indexOf(target);
    let next = null;
    if (e.key === "ArrowDown") next = at < 0 ? 0 : Math.min(at + 1, options.length - 1);
    else if (e.key === "ArrowUp") next = at <= 0 ? -1 : at - 1;
    else if (e.key === "Home" && at >= 0) next = 0;
    else if (e.key === "End" && at >= 0) next = options.length - 1;
    else if ((e.key === "Enter" || e.key === " ") && at >= 0) {
      e.preventDefault();
      target.click();
      return;
    } else if (e.key === "Escape" && at >= 0) next = -1;
    else return;
    e.preventDefault();
    if (next === -1) {
      if (at >= 0) {
        const input = inputFor(box);
        if (input) input.focus();
      }
      return;
    }
    options.forEach(function (o, i) {
      o.setAttribute("aria-selected", i === next ? "true" : "false");
    });
    options[next].focus();
  });
})();

// A dialog opened by a button that is not its Radix trigger (a state-controlled
// dialog) would drop focus on the page body when it closes: give it back to the
// control that had focus before the dialog took it.
(function () {
  let lastOutside = null;
  let opener = null;
  const inDialog = (el) => el && el.closest && el.closest('[role="dialog"], [role="alertdialog"]');
  document.addEventListener("focusin", function (e) {
    if (inDialog(e.target)) {
      if (!opener && lastOutside) opener = lastOutside;
    } else {
      lastOutside = e.target;
      opener = null;
    }
  });
  const watch = new MutationObserver(function () {
    if (!opener || document.querySelector('[role="dialog"], [role="alertdialog"]')) return;
    const back = opener;
    setTimeout(function () {
      if ((document.activeElement === document.body || !document.activeElement) && back.isConnected) back.focus();
    }, 0);
    opener = null;
  });
  const observe = () => watch.observe(document.body, { childList: true });
  if (document.body) observe();
  else document.addEventListener("DOMContentLoaded", observe);
})();
