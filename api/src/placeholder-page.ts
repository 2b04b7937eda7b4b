// Shown at / until the web UI has been built (ui/dist), so the URL printed at start-up leads
// somewhere that explains itself.
export const placeholderPage = `<!doctype html>
<html lang="id">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Layanan e-KTP</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}</style>
</head>
<body>
<h1>Layanan e-KTP Kecamatan</h1>
<p>Server berjalan. Antarmuka web belum dibangun pada instalasi ini.</p>
<p>Status komponen: <a href="/health">/health</a></p>
</body>
</html>
`;
