# newsmt: one image for every role (web, scheduler, workers per queue); the command picks it.
FROM python:3.11-slim-bookworm

# Chromium for screenshots (Debian's, as on a plain machine) and fonts for its pages
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium=* fonts-dejavu-core=* curl=* \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 newsmt
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install --no-cache-dir .

USER 1000
ENV NEWSMT_HOME=/data \
    NEWSMT_CHROMIUM_PATH=/usr/bin/chromium \
    PYTHONUNBUFFERED=1
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
    CMD ["curl", "-fsS", "http://127.0.0.1:8000/healthz"]
CMD ["newsmt", "serve", "--host", "0.0.0.0", "--port", "8000"]
