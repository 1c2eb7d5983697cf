# Solidarity Map for a hosted site: see the README's "Hosting". Build: docker build -t solidarity-map .
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HOME=/home/app \
    SOLIDARITY_MAP_GAZETTEER_DIR=/opt/gazetteer \
    SOLIDARITY_MAP_GEOCODE_CACHE=/data/geocode_cache.jsonl \
    SOLIDARITY_MAP_PHOTO_SHELF=/data/photos

# a font that writes every language the site speaks (Chinese and Korean too) on the posters and movies it draws
RUN apt-get update && apt-get install -y --no-install-recommends fonts-wqy-microhei=0.2.0-beta-3.1 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt pyproject.toml ./
RUN pip install -r requirements.txt

COPY . .
# the project itself; the offline gazetteer's index, the served map files and the compiled catalogs (the
# interface's languages) built once, here, not at first visit
RUN pip install --no-deps -e . \
    && python -m utils catalogs compile \
    && python -c "from pathlib import Path; from utils.places.gazetteer import Gazetteer; from utils.map import assets; Gazetteer.open(Path('/opt/gazetteer')); assets.install(Path('/app/static'))" \
    && useradd --create-home --uid 10001 app \
    && mkdir -p /data \
    && chown -R app /data /app/static

USER 10001
VOLUME ["/data"]
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD ["python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status == 200 else 1)"]
CMD ["streamlit", "run", "dashboard.py", "--server.port=8501", "--server.address=0.0.0.0"]
