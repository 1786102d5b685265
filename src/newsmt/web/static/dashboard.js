/* Draws the dashboard's charts with Chart.js from each canvas's data-chart attribute
   (the CSP allows no inline script). The numbers are in the tables beside the charts. */
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var colours = ["#0b4f9c", "#b3261e", "#2e7d32"];
  Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart]"), function (canvas) {
    var spec = JSON.parse(canvas.getAttribute("data-chart"));
    var names = Object.keys(spec.series);
    new Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: names.map(function (name, i) {
          return {
            label: name,
            data: spec.series[name],
            backgroundColor: colours[i % colours.length],
            borderColor: colours[i % colours.length],
            pointRadius: 4,          /* one day alone is still drawn */
            spanGaps: true
          };
        })
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: names.length > 1 } },
        scales: {
          x: { ticks: { autoSkip: true, maxRotation: 0 } },
          y: { beginAtZero: true, title: { display: true, text: spec.unit },
               ticks: { precision: 0 } }
        }
      }
    });
  });
})();
