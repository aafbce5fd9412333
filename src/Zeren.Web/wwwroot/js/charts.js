// Charts (ECharts from npm, copied to lib/echarts by the build). A table marked data-zr-chart="#box" draws a bar chart
// of its rows (data-zr-chart-label, data-zr-chart-value, data-zr-chart-mark: bottom | tier) into the hidden box it
// names, and shows it. Without JavaScript the table is all there is, and it carries every number the chart shows.
(function () {
  function draw() {
    if (!window.echarts) {
      return;
    }
    document.querySelectorAll('table[data-zr-chart]').forEach(function (table) {
      var box = document.querySelector(table.getAttribute('data-zr-chart'));
      var rows = Array.prototype.slice.call(table.querySelectorAll('tr[data-zr-chart-label]'));
      if (!box || rows.length === 0) {
        return;
      }
      var colors = { bottom: '#ffc107', tier: '#198754' };
      box.hidden = false;
      // On a phone the bars lie down, one line each, so that every name stays readable.
      var narrow = box.clientWidth < 576;
      if (narrow) {
        box.style.height = Math.max(240, rows.length * 26 + 48) + 'px';
      }
      var names = {
        type: 'category',
        data: rows.map(function (r) { return r.getAttribute('data-zr-chart-label'); }),
        inverse: narrow,
        axisLabel: { interval: 0, rotate: !narrow && rows.length > 8 ? 40 : 0 }
      };
      var values = { type: 'value', name: box.getAttribute('data-zr-chart-axis') || '' };
      var chart = window.echarts.init(box);
      chart.setOption({
        animation: false,
        tooltip: { trigger: 'axis' },
        grid: { left: 8, right: narrow ? 40 : 16, top: 32, bottom: 8, containLabel: true },
        xAxis: narrow ? values : names,
        yAxis: narrow ? names : values,
        series: [{
          type: 'bar',
          label: { show: rows.length <= 20, position: narrow ? 'right' : 'top' },
          data: rows.map(function (r) {
            return {
              value: parseFloat(r.getAttribute('data-zr-chart-value')),
              itemStyle: { color: colors[r.getAttribute('data-zr-chart-mark')] || '#6c8ebf' }
            };
          })
        }]
      });
      window.addEventListener('resize', function () { chart.resize(); });
    });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
})();
