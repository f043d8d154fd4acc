#!/usr/bin/python3
"""The Scrapy peer: follows every in-scope link from the seeds, obeys robots.txt and stores
url, title, status and body length per page as JSON lines.

usage: spider.py OUT_FILE PAGES PER_HOST_CONCURRENCY SEED_URL...
"""
import sys
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.linkextractors import LinkExtractor


class BenchSpider(scrapy.Spider):
    name = "bench"

    def __init__(self, seeds, **kwargs):
        super().__init__(**kwargs)
        self.start_urls = seeds
        self.hosts = {urlsplit(s).netloc for s in seeds}
        self.links = LinkExtractor()

    def parse(self, response):
        yield {
            "url": response.url,
            "title": response.css("title::text").get(),
            "status": response.status,
            "length": len(response.body),
        }
        for link in self.links.extract_links(response):
            if urlsplit(link.url).netloc in self.hosts:
                yield response.follow(link.url, self.parse)


def main():
    out, pages, per_host, seeds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    process = CrawlerProcess(
        settings={
            "ROBOTSTXT_OBEY": True,
            "CONCURRENT_REQUESTS_PER_DOMAIN": per_host,
            "CONCURRENT_REQUESTS": per_host * len(seeds),
            "CLOSESPIDER_PAGECOUNT": pages,
            "DOWNLOAD_DELAY": 0,
            "LOG_LEVEL": "WARNING",
            "TELNETCONSOLE_ENABLED": False,
            "FEEDS": {out: {"format": "jsonlines"}},
            "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
        }
    )
    process.crawl(BenchSpider, seeds=seeds)
    process.start()


if __name__ == "__main__":
    main()
