"""gunicorn の設定例（docs/deploy.md）。/srv/sasaeai/deploy/gunicorn.conf.py として使います。

    gunicorn -c /srv/sasaeai/deploy/gunicorn.conf.py config.wsgi:application

nginx が同じサーバーの 127.0.0.1:8000 へ転送します（外からは直接つながらないアドレス）。
"""

import multiprocessing

# nginx からだけ受ける。X-Forwarded-Proto（https か）は 127.0.0.1 から来たものだけ信じる
# （gunicorn の既定の forwarded_allow_ips）。
bind = "127.0.0.1:8000"

# 同期ワーカーを CPU 数×2（最大 8）。画面の処理はデータベース待ちが多く、PDF の一括作成や
# 大きな取込はバックグラウンド処理（sasaeai-worker）が行うので、この数で足ります。
# レート制限の回数をワーカー間で共有するため、CACHE_URL（file:// か db://）を設定してください。
workers = min(multiprocessing.cpu_count() * 2, 8)
worker_class = "sync"

# 取込の確認（最大 20MB のファイルの読み取りは子プロセスで最大 60 秒、IMPORT_WORKER_TIMEOUT_SECONDS）
# と、PDF 1 枚の作成を待てる長さ。nginx の proxy_read_timeout（120s）と揃えます。
timeout = 120
graceful_timeout = 30
keepalive = 5

# メモリの断片化を避けるため、ワーカーをときどき入れ替える（ずらして一斉に再起動しない）。
max_requests = 2000
max_requests_jitter = 200

# ログは標準出力・標準エラーへ（journalctl -u sasaeai-web で見る）。
accesslog = "-"
errorlog = "-"
loglevel = "info"
# アクセスログに X-Forwarded-For（nginx が付けた利用者のアドレス）を残す。
access_log_format = '%({x-forwarded-for}i)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(L)ss'

# アプリを先に読み込んでから fork（起動が速く、設定の誤りで起動しないことがすぐ分かる）。
preload_app = True
